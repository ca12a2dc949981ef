import "server-only";
// When a tag first reached the first environment of the promotion path, for DORA's lead time.
// From the portal's own records: the earliest promotion of that tag out of the first environment
// is requested after its dev commit, so this errs on the short side.
import type { Catalog } from "@/lib/catalog";
import type { DbTx } from "@/lib/db";
import type { FirstCommitLookup } from "./dora";

export function firstCommitLookup(db: DbTx, catalog: Catalog): FirstCommitLookup {
  const first = catalog.promotionPath[0]!;
  return async (application, imageTag) => {
    const p = await db.promotion.findFirst({
      where: { application, imageTag, fromEnvironment: first },
      orderBy: { createdAt: "asc" },
      select: { createdAt: true },
    });
    return p?.createdAt ?? null;
  };
}
