import type { Metadata } from "next";
import Link from "next/link";
import { DoraSection } from "@/components/promotions/dora-section";
import { HistoryFiltersForm } from "@/components/promotions/history-filters";
import { StatusBadge } from "@/components/promotions/status-badge";
import { Time } from "@/components/ui/time";
import { requirePagePrincipal } from "@/lib/auth/session";
import { getCatalog } from "@/lib/catalog";
import { getDb } from "@/lib/db";
import { parseHistoryFilters } from "@/lib/domain/promotion-filters";
import { doraFirstCommitLookup } from "@/lib/server/promotion-views";
import { doraView } from "@/lib/server/promotion-views/dora";
import { listPromotionHistory } from "@/lib/server/promotion-views/history";

export const metadata: Metadata = { title: "Promotions" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const WINDOW_LABEL = { "24h": "last 24 hours", "7d": "last 7 days", "30d": "last 30 days", "90d": "last 90 days" };

export default async function PromotionsPage({ searchParams }: Props) {
  await requirePagePrincipal();
  const filters = parseHistoryFilters(await searchParams);
  const [db, catalog] = await Promise.all([getDb(), getCatalog()]);
  const [history, dora] = await Promise.all([
    listPromotionHistory(db, filters),
    doraView(db, catalog, filters, doraFirstCommitLookup(db, catalog)),
  ]);
  return (
    <>
      <h1>Promotions</h1>
      <HistoryFiltersForm
        filters={filters}
        applications={catalog.applications.map((a) => a.name)}
        environments={catalog.environments.map((e) => ({ name: e.name, displayName: e.displayName }))}
      />
      {history.rows.length === 0 ? (
        <p className="muted">No promotions match these filters.</p>
      ) : (
        <div className="table-scroll">
          <table data-testid="promotion-history">
            <caption className="visually-hidden">Promotions, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Promotion</th>
                <th scope="col">From → to</th>
                <th scope="col">State</th>
                <th scope="col">Requested by</th>
                <th scope="col">Approved by</th>
                <th scope="col">Requested</th>
              </tr>
            </thead>
            <tbody>
              {history.rows.map((p) => (
                <tr key={p.id}>
                  <td>
                    <Link href={`/promotions/${p.id}`}>
                      {p.application} <code>{p.imageTag}</code>
                    </Link>
                  </td>
                  <td>
                    {p.fromEnvironment} → {p.toEnvironment}
                  </td>
                  <td>
                    <StatusBadge status={p.status} />
                  </td>
                  <td>{p.requestedBy?.name ?? "unknown user"}</td>
                  <td>{p.approvers.length ? p.approvers.join(", ") : <span className="muted">–</span>}</td>
                  <td>
                    <Time iso={p.createdAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {history.truncated ? (
            <p className="small muted">
              Showing the newest {history.rows.length}; narrow the filters to see older ones.
            </p>
          ) : null}
        </div>
      )}
      <DoraSection dora={dora} windowLabel={WINDOW_LABEL[filters.window]} />
    </>
  );
}
