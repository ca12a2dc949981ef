// Environments × applications: sync, health, image tag, revision, last deploy, pending promotions.
import Link from "next/link";
import { Time } from "@/components/ui/time";
import { shortSha } from "@/lib/domain/time-format";
import { describeVersionPath } from "@/lib/domain/version-drift";
import type { Overview, OverviewApplication, OverviewCell } from "@/lib/server/overview/types";

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
        // The name is the visible text plus what a screen reader needs ("Promote nura-core 1.4.3 to
        // staging"), with no aria-label that would hide the visible words (WCAG 2.5.3 label in name).
        <Link href={cell.promoteHref}>
          Promote <span className="visually-hidden">{app} </span>
          {b.imageTag} <span aria-hidden="true">→</span>
          <span className="visually-hidden">to</span> {b.toEnvironment}
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
  envLabel,
  app,
  canRequest,
}: {
  cell: OverviewCell;
  generatedAt: string;
  label: string;
  /** The column's heading, repeated in the cell where narrow screens stack the row. */
  envLabel: string;
  app: string;
  canRequest: boolean;
}) {
  if (cell.syncStatus === null) {
    return (
      <td className={`cell tone-${cell.tone}`} data-label={envLabel}>
        <Link href={cell.href} aria-label={`${label}: details`}>
          <span className="muted">unknown</span>
        </Link>
      </td>
    );
  }
  // A running or failed operation is said in words: the badges alone would still read "Synced · Healthy".
  const showOperation = Boolean(cell.operation && (cell.operation.inProgress || cell.operation.failed));
  return (
    <td className={`cell tone-${cell.tone}`} data-testid={`cell-${cell.argoApp}`} data-label={envLabel}>
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
          {cell.operationBy ? <span className="muted"> · by {cell.operationBy}</span> : null}
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

/** dev 1.4.3 → staging 1.4.2 (behind) → prod 1.4.2: the row's "what is behind what" at a glance. */
function VersionPath({ app }: { app: OverviewApplication }) {
  return (
    <ol className="version-path" aria-label={`Versions: ${describeVersionPath(app.versions)}`} data-testid="versions">
      {app.versions.map((v) => (
        <li key={v.environment} data-mark={v.mark}>
          <span className="muted small">{v.environment}</span>{" "}
          <code className={v.mark === "behind" || v.mark === "ahead" ? "drift" : undefined}>{v.tag ?? "?"}</code>
          {v.mark === "behind" || v.mark === "ahead" ? (
            <span
              className="badge warn"
              title={`${v.environment} ${v.mark === "behind" ? "is behind" : "is ahead of"} ${v.previous}`}
            >
              {v.mark}
            </span>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

export function AppMatrix({
  overview,
  applications = overview.applications,
  requestableEnvs = [],
  showVersions = false,
}: {
  overview: Overview;
  /** The rows to show (the overview's filter); every application by default. */
  applications?: OverviewApplication[];
  requestableEnvs?: string[];
  /** The versions-along-the-path column (the overview; an environment page shows one environment). */
  showVersions?: boolean;
}) {
  const envs = overview.environments;
  return (
    <div className="table-scroll">
      <table className="matrix" data-testid="app-matrix">
        <caption className="visually-hidden">Applications by environment</caption>
        <thead>
          <tr>
            <th scope="col">Application</th>
            {showVersions ? <th scope="col">Versions</th> : null}
            {envs.map((e) => (
              <th scope="col" key={e.name}>
                {e.displayName}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {applications.map((app) => (
            <tr key={app.name} data-testid={`app-row-${app.name}`}>
              <th scope="row">
                <Link href={app.cells[envs[0]?.name ?? ""]?.href ?? "/"}>{app.name}</Link>
                <div className="muted small">{app.description}</div>
              </th>
              {showVersions ? (
                <td className="versions" data-label="Versions">
                  <VersionPath app={app} />
                </td>
              ) : null}
              {envs.map((e) => (
                <Cell
                  key={e.name}
                  cell={app.cells[e.name]!}
                  generatedAt={overview.generatedAt}
                  label={`${app.name} in ${e.name}`}
                  envLabel={e.displayName}
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
