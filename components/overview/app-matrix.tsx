// Environments × applications: sync, health, image tag, revision, last deploy, pending promotions.
import Link from "next/link";
import { Time } from "@/components/ui/time";
import { shortSha } from "@/lib/domain/time-format";
import type { Overview, OverviewCell } from "@/lib/server/overview/types";

function syncTone(s: string | null) {
  return s === "Synced" ? "ok" : s === "OutOfSync" ? "warn" : "neutral";
}
function healthTone(h: string | null) {
  return h === "Healthy"
    ? "ok"
    : h === "Degraded" || h === "Missing"
      ? "bad"
      : h === "Progressing"
        ? "info"
        : "neutral";
}

/** "behind dev" and, for those who may request there, the action that promotes the newer tag. */
function BehindMarker({ cell, app, canRequest }: { cell: OverviewCell; app: string; canRequest: boolean }) {
  const b = cell.behind;
  if (!b) return null;
  return (
    <div className="small behind" data-testid="behind">
      <span className="badge warn" title={`${b.fromEnvironment} runs ${b.imageTag}`}>
        behind {b.fromEnvironment}
      </span>{" "}
      {canRequest && cell.promoteHref ? (
        <Link href={cell.promoteHref} aria-label={`Promote ${app} ${b.imageTag} to ${b.toEnvironment}`}>
          Promote {b.imageTag} → {b.toEnvironment}
        </Link>
      ) : (
        <span className="muted" title={`Your role may not request promotions to ${b.toEnvironment}`}>
          {b.imageTag} waiting
        </span>
      )}
    </div>
  );
}

function Cell({
  cell,
  generatedAt,
  label,
  app,
  canRequest,
}: {
  cell: OverviewCell;
  generatedAt: string;
  label: string;
  app: string;
  canRequest: boolean;
}) {
  if (cell.syncStatus === null) {
    return (
      <td className={`cell tone-${cell.tone}`}>
        <Link href={cell.href} aria-label={`${label}: details`}>
          <span className="muted">unknown</span>
        </Link>
      </td>
    );
  }
  // A running or failed operation is said in words: the badges alone would still read "Synced · Healthy".
  const showOperation = Boolean(cell.operation && (cell.operation.inProgress || cell.operation.failed));
  return (
    <td className={`cell tone-${cell.tone}`} data-testid={`cell-${cell.argoApp}`}>
      <div className="cell-badges">
        <Link
          href={cell.href}
          aria-label={`${label}: ${cell.syncStatus}, ${cell.health}${showOperation ? `, ${cell.operation?.text}` : ""}`}
        >
          <span className={`badge ${syncTone(cell.syncStatus)}`}>{cell.syncStatus}</span>{" "}
          <span className={`badge ${healthTone(cell.health)}`} title={cell.healthMessage ?? undefined}>
            {cell.health}
          </span>
        </Link>
        {cell.pendingPromotions > 0 ? (
          <Link className="badge info" href={cell.pendingHref} data-testid="pending-promotions">
            {cell.pendingPromotions} pending promotion{cell.pendingPromotions > 1 ? "s" : ""}
          </Link>
        ) : null}
      </div>
      {showOperation && cell.operation ? (
        <div className={`small ${cell.operation.failed ? "bad-text" : ""}`} data-testid="operation-status">
          {cell.operation.text}
        </div>
      ) : null}
      <div className="small">
        <code data-testid="image-tag">{cell.imageTag ?? "–"}</code>
        {cell.revision ? (
          <>
            {" · "}
            {cell.revisionUrl ? (
              <a href={cell.revisionUrl} target="_blank" rel="noreferrer" title={cell.revision}>
                <code>{shortSha(cell.revision)}</code>
              </a>
            ) : (
              <code title={cell.revision}>{shortSha(cell.revision)}</code>
            )}
          </>
        ) : null}
        {cell.workload ? (
          <span className="muted">
            {" · "}
            {cell.workload.ready}/{cell.workload.desired} pods
          </span>
        ) : null}
      </div>
      <BehindMarker cell={cell} app={app} canRequest={canRequest} />
      {cell.lastDeployAt ? (
        <div className="small muted">
          <Time iso={cell.lastDeployAt} format="ago" reference={generatedAt} />
          {cell.lastDeployBy ? ` by ${cell.lastDeployBy}` : ""}
        </div>
      ) : null}
    </td>
  );
}

export function AppMatrix({ overview, requestableEnvs = [] }: { overview: Overview; requestableEnvs?: string[] }) {
  const envs = overview.environments;
  return (
    <div className="table-scroll">
      <table className="matrix" data-testid="app-matrix">
        <caption className="visually-hidden">Applications by environment</caption>
        <thead>
          <tr>
            <th scope="col">Application</th>
            {envs.map((e) => (
              <th scope="col" key={e.name}>
                {e.displayName}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {overview.applications.map((app) => (
            <tr key={app.name}>
              <th scope="row">
                {app.name}
                <div className="muted small">{app.description}</div>
              </th>
              {envs.map((e) => (
                <Cell
                  key={e.name}
                  cell={app.cells[e.name]!}
                  generatedAt={overview.generatedAt}
                  label={`${app.name} in ${e.name}`}
                  app={app.name}
                  canRequest={requestableEnvs.includes(e.name)}
                />
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
