import type { Metadata } from "next";
import Link from "next/link";
import { PlanButton, UnlockButton } from "@/components/infra/runs/environment-actions";
import { RunStatusBadge } from "@/components/infra/runs/status-badge";
import { Time } from "@/components/ui/time";
import { requirePagePrincipal } from "@/lib/auth/session";
import { getCatalog } from "@/lib/catalog";
import { getDb } from "@/lib/db";
import { isDriftCheck } from "@/lib/domain/infra-runs";
import { infraOverview, recentRuns } from "@/lib/server/infra/overview";

export const metadata: Metadata = { title: "Infrastructure" };
export const dynamic = "force-dynamic";

const when = (iso: string | null) => (iso ? <Time iso={iso} seconds /> : "—");

export default async function InfrastructurePage() {
  const principal = await requirePagePrincipal();
  const [catalog, db] = await Promise.all([getCatalog(), getDb()]);
  const [environments, runs] = await Promise.all([infraOverview(db, catalog, principal), recentRuns(db)]);
  return (
    <>
      <h1>Infrastructure</h1>
      <p className="muted">
        OpenTofu plans and applies of each environment run as the Jenkins jobs nura-infra-plan and nura-infra-apply; one
        run per environment at a time.
      </p>
      <div className="grid env-grid">
        {environments.map((e) => (
          <section key={e.environment} className="card" data-testid={`infra-env-${e.environment}`}>
            <div className="env-card-head">
              <h2>{e.displayName}</h2>
              {e.drift.state === "drift" ? (
                <Link className="badge warn" href={`/infrastructure/runs/${e.drift.run!.id}`} data-testid="drift">
                  drift
                </Link>
              ) : e.drift.state === "clean" ? (
                <span className="badge ok" data-testid="drift">
                  no drift
                </span>
              ) : (
                <span className="badge neutral" data-testid="drift">
                  drift not checked
                </span>
              )}
            </div>
            <dl className="facts">
              <dt>Lock</dt>
              <dd data-testid="lock">
                {e.lock ? (
                  <>
                    held by <strong>{e.lock.holderName}</strong> (
                    <Link href={`/infrastructure/runs/${e.lock.runId}`}>run</Link>) until {when(e.lock.expiresAt)}
                  </>
                ) : (
                  "free"
                )}
              </dd>
              <dt>Last plan</dt>
              <dd>
                {e.lastPlan ? (
                  <>
                    <Link href={`/infrastructure/runs/${e.lastPlan.id}`}>#{e.lastPlan.buildNumber ?? "…"}</Link>{" "}
                    <RunStatusBadge status={e.lastPlan.status} /> {when(e.lastPlan.createdAt)}
                  </>
                ) : (
                  "none"
                )}
              </dd>
              <dt>Last apply</dt>
              <dd>
                {e.lastApply ? (
                  <>
                    <Link href={`/infrastructure/runs/${e.lastApply.id}`}>#{e.lastApply.buildNumber ?? "…"}</Link>{" "}
                    <RunStatusBadge status={e.lastApply.status} /> {when(e.lastApply.createdAt)}
                  </>
                ) : (
                  "none"
                )}
              </dd>
            </dl>
            <div className="toolbar">
              {e.allowed.plan ? (
                <>
                  <PlanButton environment={e.environment} />
                  <PlanButton environment={e.environment} driftCheck />
                </>
              ) : (
                <span className="muted small">Your role may not plan {e.environment}.</span>
              )}
              {e.allowed.unlock && e.lock ? (
                <UnlockButton environment={e.environment} holder={e.lock.holderName} />
              ) : null}
            </div>
          </section>
        ))}
      </div>

      <h2>Runs</h2>
      {runs.length === 0 ? (
        <p className="muted">No plan or apply has run yet.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Environment</th>
              <th scope="col">Kind</th>
              <th scope="col">Status</th>
              <th scope="col">Build</th>
              <th scope="col">Requested by</th>
              <th scope="col">Started</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => (
              <tr key={r.id}>
                <td>{r.environment}</td>
                <td>
                  <Link href={`/infrastructure/runs/${r.id}`}>
                    {r.kind}
                    {isDriftCheck(r.trigger) ? " (drift check)" : ""}
                  </Link>
                </td>
                <td>
                  <RunStatusBadge status={r.status} />
                </td>
                <td>{r.buildNumber ?? "queued"}</td>
                <td>{r.requestedBy ?? "—"}</td>
                <td>{when(r.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
