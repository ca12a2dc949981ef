import type { Metadata } from "next";
import Link from "next/link";
import { getPrincipal } from "@/lib/auth/session";
import { getCatalog } from "@/lib/catalog";
import { actionInWords, isAction, whoMay } from "@/lib/domain/action-words";
import { rolesIn } from "@/lib/domain/roles";

export const metadata: Metadata = { title: "Not allowed" };

// Where requirePagePrincipal sends a signed-in user who may not do what a page needs: inside the shell,
// the refused action in words, the roles that may, and the way back (issue 13 item 8).
export default async function ForbiddenPage({ searchParams }: { searchParams: Promise<{ action?: string }> }) {
  const { action } = await searchParams;
  const [principal, catalog] = await Promise.all([getPrincipal(), getCatalog()]);
  const known = isAction(action) ? action : null;
  const roles = principal ? rolesIn(principal).join(", ") || "no role" : "no role";
  return (
    <section className="card" aria-labelledby="forbidden-h" data-testid="forbidden">
      <h1 id="forbidden-h">Not allowed</h1>
      <p>
        Your role ({roles}) may not {known ? <strong>{actionInWords(known)}</strong> : "open this page"}.
      </p>
      {known ? <p>Who may: {whoMay(known, catalog.environments)}. Ask an admin for the role if you need it.</p> : null}
      <p>
        <Link href="/">Back to the overview</Link>
      </p>
    </section>
  );
}
