import "server-only";
// When a tag first reached the first environment of the promotion path, for DORA's lead time.
// From the portal's own records: the earliest promotion of that tag out of the first environment
// is requested after its dev commit, so this errs on the short side. One query for all the tags.
import type { Catalog } from "@/lib/catalog";
import type { DbTx } from "@/lib/db";
import { type FirstCommitLookup, tagKey } from "./dora";

export function firstCommitLookup(db: DbTx, catalog: Catalog): FirstCommitLookup {
  const first = catalog.promotionPath[0]!;
  return async (tags) => {
    const out = new Map<string, Date>();
    if (tags.length === 0) return out;
    const rows = await db.promotion.groupBy({
      by: ["application", "imageTag"],
      where: {
        fromEnvironment: first,
        application: { in: [...new Set(tags.map((t) => t.application))] },
        imageTag: { in: [...new Set(tags.map((t) => t.imageTag))] },
      },
      _min: { createdAt: true },
    });
    for (const r of rows) if (r._min.createdAt) out.set(tagKey(r.application, r.imageTag), r._min.createdAt);
    return out;
  };
}
