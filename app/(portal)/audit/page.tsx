import type { Metadata } from "next";
import Link from "next/link";
import { AuditFilters } from "@/components/audit/audit-filters";
import { AuditTable } from "@/components/audit/audit-table";
import { VerifyPanel } from "@/components/audit/verify-panel";
import { requirePagePrincipal } from "@/lib/auth/session";
import { getCatalog } from "@/lib/catalog";
import { getDb } from "@/lib/db";
import { can } from "@/lib/domain/roles";
import { getEnv } from "@/lib/env";
import { auditFilterSchema, auditPageSchema, filterInput, listAuditEvents } from "@/lib/server/audit";
import { peopleOf } from "@/lib/server/audit/people";
import { AUDIT_FILTER_KEYS } from "@/lib/server/audit/query";

export const metadata: Metadata = { title: "Audit log" };
export const dynamic = "force-dynamic";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** The query string of the current filters plus `extra` (cursors, export format). */
function queryString(input: Record<string, string>, extra: Record<string, string> = {}) {
  const q = new URLSearchParams();
  for (const k of AUDIT_FILTER_KEYS) if (input[k]) q.set(k, input[k]);
  if (input.limit) q.set("limit", input.limit);
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  return q.toString();
}

export default async function AuditPage({ searchParams }: { searchParams: SearchParams }) {
  const principal = await requirePagePrincipal("audit.read");
  const input = filterInput(await searchParams);
  const filter = auditFilterSchema.safeParse(input);
  const page = auditPageSchema.safeParse(input);
  const problems = [...(filter.success ? [] : filter.error.issues), ...(page.success ? [] : page.error.issues)].map(
    (i) => `${i.path.join(".") || "filter"}: ${i.message}`,
  );
  const db = await getDb();
  const [result, catalog] = await Promise.all([
    filter.success && page.success ? listAuditEvents(db, filter.data, page.data) : null,
    getCatalog(),
  ]);
  const people = result ? await peopleOf(db, result.events) : {};
  const canExport = can(principal, "audit.export");

  return (
    <>
      <h1>Audit log</h1>
      <p className="muted">
        Append-only and hash-chained: every event stores sha256(previous hash ‖ its canonical JSON). Verify recomputes
        the chain and names the first event that does not match.
      </p>
      {can(principal, "audit.verify") ? <VerifyPanel signingKeySet={Boolean(getEnv().AUDIT_SIGNING_KEY)} /> : null}
      <AuditFilters
        values={input}
        environments={catalog.environments.map((e) => ({ name: e.name, displayName: e.displayName }))}
        applications={catalog.applications.map((a) => a.name)}
      />
      {problems.length ? (
        <div className="alert" role="alert">
          <p>These filters cannot be applied:</p>
          <ul>
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {result ? (
        <>
          <div className="toolbar">
            {canExport ? (
              <>
                <span className="muted">Export the filtered set:</span>
                <a className="button" href={`/api/audit/export?${queryString(input, { format: "csv" })}`} download>
                  CSV
                </a>
                <a className="button" href={`/api/audit/export?${queryString(input, { format: "json" })}`} download>
                  JSON
                </a>
              </>
            ) : null}
          </div>
          <AuditTable events={result.events} people={people} />
          <nav className="toolbar" aria-label="Pages">
            {result.newer ? <Link href={`/audit?${queryString(input)}`}>« Newest</Link> : null}
            {result.newer ? <Link href={`/audit?${queryString(input, { after: result.newer })}`}>‹ Newer</Link> : null}
            {result.older ? (
              <Link href={`/audit?${queryString(input, { before: result.older })}`} rel="next">
                Older ›
              </Link>
            ) : null}
          </nav>
        </>
      ) : null}
    </>
  );
}
