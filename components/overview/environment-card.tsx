// One environment: EKS cluster and node groups, workload readiness, key metrics as sparklines.
import Link from "next/link";
import { LazySparkline } from "@/components/charts/lazy-sparkline";
import { formatMetric } from "@/lib/domain/series";
import { clusterTone, nodegroupTone, workloadTone } from "@/lib/domain/status-rollup";
import type { OverviewEnvironment } from "@/lib/server/overview/types";

export function EnvironmentCard({ env }: { env: OverviewEnvironment }) {
  const c = env.cluster;
  const w = env.workloads;
  return (
    <section
      className={`card env-card tone-${env.tone}`}
      aria-labelledby={`env-${env.name}`}
      data-testid={`env-${env.name}`}
    >
      <header className="env-card-head">
        <h2 id={`env-${env.name}`}>
          <Link href={`/environments/${env.name}`}>{env.displayName}</Link>
        </h2>
        <span className="env-card-badges">
          {env.drift ? (
            <>
              <Link
                className="badge warn"
                href={env.drift.href}
                data-testid={`drift-${env.name}`}
                title="The last drift check found infrastructure that differs from the OpenTofu configuration"
              >
                infra drift
              </Link>{" "}
            </>
          ) : null}
          <span className={`badge ${env.tone}`}>
            {env.failedSyncs.length > 0
              ? `${env.failedSyncs.length} sync${env.failedSyncs.length > 1 ? "s" : ""} failed`
              : env.apps.degraded > 0
                ? `${env.apps.degraded} degraded`
                : env.apps.outOfSync > 0
                  ? `${env.apps.outOfSync} out of sync`
                  : `${env.apps.healthy}/${env.apps.total} healthy`}
          </span>
        </span>
      </header>
      {env.failedSyncs.length > 0 ? (
        <ul className="plain small" data-testid={`failed-syncs-${env.name}`}>
          {env.failedSyncs.map((f) => (
            <li key={f.application} className="bad-text">
              <Link href={f.href}>{f.application}</Link>: {f.text}
              {f.by ? <span className="muted"> (by {f.by})</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
      <dl className="facts">
        <dt>EKS</dt>
        <dd data-testid={`cluster-${env.name}`}>
          {c ? (
            <>
              <code>{c.name}</code> <span className={`badge ${clusterTone(c.status)}`}>{c.status}</span>{" "}
              {c.version ? <span className="muted">v{c.version}</span> : null}
              {c.issues.map((i) => (
                <div key={i.code} className="small bad-text">
                  {i.code}: {i.message}
                </div>
              ))}
            </>
          ) : env.clusterAbsent ? (
            <>
              <code>{env.clusterAbsent.name}</code>{" "}
              <span className="badge neutral" data-testid={`cluster-absent-${env.name}`}>
                not created
              </span>
              <div className="small muted">
                EKS has no such cluster yet: OpenTofu creates it.{" "}
                <Link href="/infrastructure">Plan and apply {env.name}</Link>
              </div>
            </>
          ) : (
            <span className="muted">unavailable</span>
          )}
        </dd>
        <dt>Node groups</dt>
        <dd>
          {c ? (
            <ul className="plain">
              {c.nodeGroups.map((n) => (
                <li key={n.name}>
                  <code>{n.name}</code>{" "}
                  <span className={`badge ${nodegroupTone(n.status, n.issues.length)}`}>{n.status}</span>{" "}
                  <span className="muted small">
                    {n.desiredSize ?? "?"} desired ({n.minSize ?? "?"}–{n.maxSize ?? "?"})
                  </span>
                </li>
              ))}
            </ul>
          ) : (
            <span className="muted">{env.clusterAbsent ? "none (no cluster)" : "unavailable"}</span>
          )}
        </dd>
        <dt>Workloads</dt>
        <dd data-testid={`workloads-${env.name}`}>
          {w ? (
            <>
              <span className={`badge ${workloadTone(w)}`}>
                {w.ready}/{w.desired} ready
              </span>{" "}
              <span className="muted small">
                {w.restartsLastHour} restart{w.restartsLastHour === 1 ? "" : "s"} in the last hour
              </span>
              {w.notReady.length > 0 ? <div className="small">Not ready: {w.notReady.join(", ")}</div> : null}
            </>
          ) : (
            <span className="muted">unavailable</span>
          )}
        </dd>
      </dl>
      <ul className="plain metrics">
        {env.metrics ? (
          env.metrics.map((m) => (
            <li key={m.id}>
              <span className="metric-label">{m.label}</span>
              <span className="metric-value">{formatMetric(m.latest, m.unit)}</span>
              <LazySparkline points={m.points} label={`${m.label} over the last hour in ${env.name}`} />
            </li>
          ))
        ) : (
          <li className="muted">Metrics unavailable</li>
        )}
      </ul>
      {env.grafanaUrl ? (
        <a className="small" href={env.grafanaUrl} target="_blank" rel="noreferrer">
          Open in Grafana
        </a>
      ) : null}
    </section>
  );
}
