"use client";
// Application × environment: Argo CD status, the running operation and its progress, history,
// resource tree, pods, recent Warning events and metrics with a time-range picker.
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { LazyMetricChart } from "@/components/charts/lazy-metric-chart";
import { SourceStatusBar } from "@/components/overview/source-status";
import { ScrollRegion } from "@/components/ui/scroll-region";
import { Time } from "@/components/ui/time";
import { rangeWindow } from "@/lib/domain/chart-axis";
import { creditInitiator } from "@/lib/domain/initiator-credit";
import { TIME_RANGE_KEYS, type TimeRangeKey } from "@/lib/domain/metric-queries";
import { summariseOperation } from "@/lib/domain/operation-status";
import { buildResourceTree, type TreeNode } from "@/lib/domain/resource-tree";
import { formatMetric } from "@/lib/domain/series";
import { appTone } from "@/lib/domain/status-rollup";
import { shortSha } from "@/lib/domain/time-format";
import type { Initiator, ResourceNode, SyncResource } from "@/lib/integrations/argocd/api";
import { applicationQuery } from "@/lib/query/applications";
import { type ApplicationDetail, HISTORY_ROWS } from "@/lib/server/applications/types";
import { ArgoActions, RollbackButton } from "./argo-actions";
import { EventsTable } from "./events-table";
import { ResourcePanel } from "./resource-panel";

/** "Diego Developer (via portal)" for the portal's own Argo CD account, matched in the audit log. */
const who = (d: ApplicationDetail, i: Initiator, startedAt: string | null) =>
  creditInitiator(i, startedAt, { portalAccount: d.portalAccount, portalSyncs: d.portalSyncs ?? [] });
const healthTone = (h: string | null) =>
  h === "Healthy" ? "ok" : h === "Degraded" || h === "Missing" ? "bad" : h === "Progressing" ? "info" : "neutral";

function Revision({ sha, template }: { sha: string; template: string | null }) {
  if (!sha) return <span className="muted">–</span>;
  return template ? (
    <a href={template.replaceAll("{sha}", encodeURIComponent(sha))} target="_blank" rel="noreferrer" title={sha}>
      <code>{shortSha(sha)}</code>
    </a>
  ) : (
    <code title={sha}>{shortSha(sha)}</code>
  );
}

function Operation({ d }: { d: ApplicationDetail }) {
  const op = d.status?.operation;
  if (!op && d.status?.requestedOperation) {
    // Asked for (by the portal or anyone) and not yet picked up by Argo CD's controller.
    return (
      <div data-testid="operation">
        <p>
          <span className="badge info">Queued</span> Waiting for Argo CD to start the operation.
        </p>
      </div>
    );
  }
  if (!op) return <p className="muted">No operation has run yet.</p>;
  const running = op.phase === "Running" || op.phase === "Terminating";
  const tone = op.phase === "Succeeded" ? "ok" : running ? "info" : "bad";
  return (
    <div data-testid="operation">
      <p>
        <span className={`badge ${tone}`}>{op.phase}</span> {op.message}
      </p>
      {running ? (
        <progress
          className="progress"
          max={Math.max(1, op.resourcesTotal)}
          value={op.resourcesDone}
          aria-label="Sync progress"
        />
      ) : null}
      <p className="small muted">
        Started <Time iso={op.startedAt} /> by {who(d, op.initiatedBy, op.startedAt)}
        {op.finishedAt ? (
          <>
            , finished <Time iso={op.finishedAt} />
          </>
        ) : null}
        {op.resourcesTotal ? ` · ${op.resourcesDone}/${op.resourcesTotal} resources synced` : ""}
        {op.revision ? (
          <>
            {" · revision "}
            <Revision sha={op.revision} template={d.commitUrlTemplate} />
          </>
        ) : null}
      </p>
    </div>
  );
}

const refOf = (n: ResourceNode): SyncResource => ({
  group: n.group ?? "",
  kind: n.kind,
  namespace: n.namespace ?? "",
  name: n.name,
});

/** The resource tree as nested lists (roots, then what each owns), each node a button opening its panel. */
function Tree({
  nodes,
  selected,
  onSelect,
  depth = 1,
}: {
  nodes: TreeNode<ResourceNode>[];
  selected: string | null;
  onSelect: (n: ResourceNode) => void;
  depth?: number;
}) {
  return (
    <ul className="tree" data-depth={depth}>
      {nodes.map(({ node, children }) => (
        <li key={node.uid} data-testid="tree-node" data-kind={node.kind}>
          <button
            type="button"
            className="tree-node"
            aria-pressed={selected === node.uid}
            aria-label={`${node.kind} ${node.name}${node.health ? `, ${node.health}` : ""}${children.length ? `, owns ${children.length}` : ""}`}
            onClick={() => onSelect(node)}
          >
            <span className="muted small">{node.kind}</span> <code>{node.name}</code>
          </button>{" "}
          {node.health ? (
            <span className={`badge ${healthTone(node.health)}`} title={node.healthMessage ?? undefined}>
              {node.health}
            </span>
          ) : null}
          {node.info
            .filter((i) => i.name === "Status Reason" || i.name === "Restart Count")
            .map((i) => (
              <span key={i.name} className="small muted">
                {" "}
                · {i.name}: {i.value}
              </span>
            ))}
          {children.length ? <Tree nodes={children} selected={selected} onSelect={onSelect} depth={depth + 1} /> : null}
        </li>
      ))}
    </ul>
  );
}

function Metrics({
  d,
  range,
  setRange,
}: {
  d: ApplicationDetail;
  range: TimeRangeKey;
  setRange: (r: TimeRangeKey) => void;
}) {
  return (
    <section aria-labelledby="metrics-h">
      <h2 id="metrics-h">Metrics</h2>
      <div className="toolbar">
        <fieldset className="range-picker" aria-label="Time range" style={{ border: 0, padding: 0, margin: 0 }}>
          {TIME_RANGE_KEYS.map((k) => (
            <button key={k} type="button" aria-pressed={k === range} onClick={() => setRange(k)}>
              {k}
            </button>
          ))}
        </fieldset>
        {d.grafanaUrl ? (
          <a href={d.grafanaUrl} target="_blank" rel="noreferrer" data-testid="grafana-link">
            Open in Grafana
          </a>
        ) : null}
      </div>
      {d.metrics ? (
        <div className="chart-grid">
          {d.metrics.map((m) => (
            <div key={m.id} className="card">
              <div className="env-card-head">
                <span className="metric-label">{m.label}</span>
                <span className="metric-value">{formatMetric(m.latest, m.unit)}</span>
              </div>
              <LazyMetricChart
                points={m.points}
                unit={m.unit}
                label={`${m.label}, last ${range}`}
                timeWindow={rangeWindow(d.range, d.generatedAt)}
                loading={d.range !== range}
              />
            </div>
          ))}
        </div>
      ) : (
        <p className="muted">Metrics unavailable.</p>
      )}
    </section>
  );
}

export function ApplicationView({
  app,
  env,
  initialRange,
  pollIntervalMs,
  allowed,
}: {
  app: string;
  env: string;
  initialRange: TimeRangeKey;
  pollIntervalMs: number;
  allowed: { sync: boolean; refresh: boolean };
}) {
  const [range, setRangeState] = useState<TimeRangeKey>(initialRange);
  const setRange = (r: TimeRangeKey) => {
    setRangeState(r);
    const url = new URL(window.location.href);
    url.searchParams.set("range", r);
    window.history.replaceState(null, "", url);
  };
  const { data: d, error } = useQuery(applicationQuery(app, env, range, pollIntervalMs));
  const [selected, setSelected] = useState<ResourceNode | null>(null);
  if (!d) return <p className="alert">This page could not be loaded{error ? `: ${error.message}` : ""}.</p>;
  const s = d.status;
  // Said next to the badges: a failed sync must not read as "Synced · Healthy" (issue 13).
  const opSummary = summariseOperation(s?.operation);
  // Accepted but not yet started by Argo CD's controller counts as running too: no second operation.
  const inProgress = (opSummary?.inProgress ?? false) || Boolean(s?.requestedOperation);
  const tone = s
    ? appTone({ syncStatus: s.syncStatus, health: s.health, operationPhase: s.operation?.phase })
    : "neutral";

  return (
    <>
      <SourceStatusBar sources={d.sources} generatedAt={d.generatedAt} refreshError={error?.message ?? null} />
      <section className={`card env-card tone-${tone}`} aria-labelledby="status-h">
        <h2 id="status-h">Argo CD</h2>
        {s ? (
          <dl className="facts" data-testid="argo-status">
            <dt>Application</dt>
            <dd>
              <code>{d.argoApp}</code> {d.autoSync ? <span className="badge neutral">auto-sync</span> : null}
            </dd>
            <dt>Sync</dt>
            <dd>
              <span
                className={`badge ${s.syncStatus === "Synced" ? "ok" : s.syncStatus === "OutOfSync" ? "warn" : "neutral"}`}
              >
                {s.syncStatus}
              </span>{" "}
              {s.revision ? <Revision sha={s.revision} template={d.commitUrlTemplate} /> : null}
            </dd>
            {opSummary ? (
              <>
                <dt>Operation</dt>
                <dd className={opSummary.failed ? "bad-text" : undefined} data-testid="operation-summary">
                  <span className={`badge ${opSummary.tone}`}>{s.operation?.phase}</span> {opSummary.text}
                </dd>
              </>
            ) : null}
            <dt>Health</dt>
            <dd>
              <span className={`badge ${healthTone(s.health)}`}>{s.health}</span>{" "}
              {s.healthMessage ? <span className="small">{s.healthMessage}</span> : null}
            </dd>
            <dt>Image</dt>
            <dd>
              <code>{s.images.join(", ") || "–"}</code>
            </dd>
            <dt>Last deploy</dt>
            <dd>
              {s.lastDeploy ? (
                <>
                  <Time iso={s.lastDeploy.deployedAt} format="ago" reference={d.generatedAt} /> by{" "}
                  {who(d, s.lastDeploy.initiatedBy, s.lastDeploy.startedAt ?? s.lastDeploy.deployedAt)}
                </>
              ) : (
                "never"
              )}
            </dd>
          </dl>
        ) : (
          <p className="muted">Argo CD state unavailable.</p>
        )}
        <ArgoActions
          app={app}
          env={env}
          argoApp={d.argoApp}
          allowed={allowed}
          inProgress={inProgress}
          resources={(d.resources ?? []).filter((n) => n.parentUids.length === 0).map(refOf)}
        />
        <h3>Current operation</h3>
        <Operation d={d} />
      </section>

      <Metrics d={d} range={range} setRange={setRange} />

      <h2>History</h2>
      {s?.history.length ? (
        <ScrollRegion label="Deployment history">
          <table data-testid="history">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Revision</th>
                <th scope="col">Image tag</th>
                <th scope="col">Commit</th>
                <th scope="col">Deployed</th>
                <th scope="col">By</th>
                {allowed.sync && !d.autoSync ? <th scope="col">Action</th> : null}
              </tr>
            </thead>
            <tbody>
              {s.history.slice(0, HISTORY_ROWS).map((h) => (
                <tr key={h.id}>
                  <td>{h.id}</td>
                  <td>
                    <Revision sha={h.revision} template={d.commitUrlTemplate} />
                  </td>
                  <td>{d.revisions[h.revision]?.imageTag ? <code>{d.revisions[h.revision]?.imageTag}</code> : "–"}</td>
                  <td className="small">{d.revisions[h.revision]?.message ?? "–"}</td>
                  <td>
                    <Time iso={h.deployedAt} format="ago" reference={d.generatedAt} />
                  </td>
                  <td>{who(d, h.initiatedBy, h.startedAt ?? h.deployedAt)}</td>
                  {allowed.sync && !d.autoSync ? (
                    <td>
                      {h.id === s.history[0]?.id ? (
                        <span className="muted small">current</span>
                      ) : (
                        <RollbackButton
                          app={app}
                          env={env}
                          argoApp={d.argoApp}
                          id={h.id}
                          revision={h.revision}
                          disabled={inProgress}
                        />
                      )}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      ) : (
        <p className="muted">{s ? "No deploys recorded." : "History unavailable."}</p>
      )}
      {s?.history.length && d.revisionsError ? (
        <p className="muted small" data-testid="history-git-error">
          Image tags and commit messages unavailable: {d.revisionsError}
        </p>
      ) : null}

      <h2>Resources</h2>
      {d.resources ? (
        <div className="resource-layout">
          <nav aria-label="Resource tree" data-testid="resource-tree">
            <Tree nodes={buildResourceTree(d.resources)} selected={selected?.uid ?? null} onSelect={setSelected} />
          </nav>
          {selected ? (
            <ResourcePanel key={selected.uid} app={app} env={env} resource={refOf(selected)} />
          ) : (
            <p className="muted small">Choose a resource to see its diff, manifests, events and (for a Pod) its log.</p>
          )}
        </div>
      ) : (
        <p className="muted">Resource tree unavailable.</p>
      )}

      <h2>Pods</h2>
      {d.pods ? (
        <ScrollRegion label="Pods">
          <table data-testid="pods">
            <thead>
              <tr>
                <th scope="col">Pod</th>
                <th scope="col">Status</th>
                <th scope="col">Restarts</th>
                <th scope="col">Node</th>
                <th scope="col">Age</th>
              </tr>
            </thead>
            <tbody>
              {d.pods.map((p) => (
                <tr key={p.name}>
                  <td>
                    <code>{p.name}</code>
                  </td>
                  <td>
                    <span className={`badge ${p.ready ? "ok" : p.reason === "CrashLoopBackOff" ? "bad" : "warn"}`}>
                      {p.ready ? "Ready" : (p.reason ?? p.phase)}
                    </span>
                  </td>
                  <td>{p.restarts}</td>
                  <td className="small">{p.node ?? "–"}</td>
                  <td className="small">
                    {p.startedAt ? <Time iso={p.startedAt} format="ago" reference={d.generatedAt} /> : "–"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      ) : (
        <p className="muted">Pods unavailable.</p>
      )}

      <h2>Recent Warning events</h2>
      {d.events ? (
        d.events.length ? (
          <ScrollRegion label="Recent Warning events">
            <EventsTable
              events={d.events}
              first="object"
              lastSeen={(iso) => <Time iso={iso} format="ago" reference={d.generatedAt} />}
              testId="events"
            />
          </ScrollRegion>
        ) : (
          <p className="muted">No Warning events.</p>
        )
      ) : (
        <p className="muted">Events unavailable.</p>
      )}
    </>
  );
}
