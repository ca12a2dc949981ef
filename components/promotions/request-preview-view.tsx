// The request page's body: what would change and how the source is doing. Server-rendered.
import { Time } from "@/components/ui/time";
import { formatMetric } from "@/lib/domain/series";
import type { HourStats } from "@/lib/domain/source-health";
import type { RequestPreview, Section } from "@/lib/server/promotion-views/request-preview";
import styles from "./promotions.module.css";
import { ShaLink } from "./sha-link";
import { UnifiedDiff } from "./unified-diff";

/** A section without a value: still being read (the page looks again by itself), or why it failed. */
function Unavailable({ reading, failed, section }: { reading: string; failed: string; section: Section<unknown> }) {
  return section.pending ? (
    <p className="muted small" role="status">
      Reading {reading}…
    </p>
  ) : (
    <p className="alert small">
      {failed}: {section.error}
    </p>
  );
}

/** One metric's last hour: now, worst and mean. */
function HourLine({ label, stats, unit }: { label: string; stats: HourStats; unit: "ratio" | "seconds" }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>
        <span className="metric-value">{formatMetric(stats.latest, unit)}</span>{" "}
        <span className="muted small">
          now · {formatMetric(stats.max, unit)} worst · {formatMetric(stats.mean, unit)} mean
        </span>
      </dd>
    </>
  );
}

function SoakLine({ soak, source }: { soak: RequestPreview["soak"]; source: string }) {
  if (soak.requiredMinutes === 0) return <span>No soak time required in this environment.</span>;
  if (soak.met) {
    return (
      <span>
        <span className="badge ok">soaked</span> Healthy in {source} since{" "}
        {soak.healthySince ? <Time iso={soak.healthySince} /> : "–"} (needs {soak.requiredMinutes} min)
      </span>
    );
  }
  if (soak.readyAt) {
    return (
      <span>
        <span className="badge warn">soaking</span> {soak.remainingMinutes} of {soak.requiredMinutes} min to go; it can
        execute from <Time iso={soak.readyAt} />
      </span>
    );
  }
  return (
    <span>
      <span className="badge bad">not healthy</span> {source} is not Healthy on this tag: it cannot execute until
      Healthy for {soak.requiredMinutes} min
    </span>
  );
}

export function RequestPreviewView({ p }: { p: RequestPreview }) {
  const m = p.metrics.value;
  return (
    <div className={styles.stack}>
      <div className={styles.twoCol}>
        <section className="card" aria-labelledby="source-h" data-testid="source-health">
          <h2 id="source-h">{p.fromEnvironmentName} now</h2>
          {p.source.value ? (
            <dl className="facts">
              <dt>Argo CD</dt>
              <dd>
                <span className={`badge ${p.source.value.health === "Healthy" ? "ok" : "bad"}`}>
                  {p.source.value.health}
                </span>{" "}
                {p.source.value.syncStatus}
                {p.source.value.healthMessage ? <span className="muted"> ({p.source.value.healthMessage})</span> : null}
              </dd>
              <dt>Deployed</dt>
              <dd>{p.source.value.deployedAt ? <Time iso={p.source.value.deployedAt} /> : "–"}</dd>
              <dt>Soak</dt>
              <dd data-testid="soak">
                <SoakLine soak={p.soak} source={p.fromEnvironment} />
              </dd>
            </dl>
          ) : (
            <Unavailable reading="Argo CD" failed="Argo CD is unavailable" section={p.source} />
          )}
        </section>
        <section className="card" aria-labelledby="metrics-h" data-testid="source-metrics">
          <h2 id="metrics-h">Last hour in {p.fromEnvironment}</h2>
          {m ? (
            <dl className="facts">
              <HourLine label="Error ratio" stats={m.errorRatio} unit="ratio" />
              <HourLine label="p95 latency" stats={m.p95Latency} unit="seconds" />
            </dl>
          ) : (
            <Unavailable reading="the metrics" failed="Metrics are unavailable" section={p.metrics} />
          )}
        </section>
      </div>
      <section aria-labelledby="diff-h">
        <h2 id="diff-h">Values change</h2>
        {p.git.value ? (
          <>
            <p className="small muted">
              <code>{p.git.value.valuesPath}</code>: {p.git.value.currentTag ?? "?"} → {p.imageTag}
            </p>
            {p.git.value.diff.trim() ? (
              <UnifiedDiff diff={p.git.value.diff} label={`Diff of ${p.git.value.valuesPath}`} />
            ) : (
              // An empty box reads as "the diff failed to load"; say that there is nothing to change.
              <p className="small" data-testid="diff-empty">
                No change: <code>{p.git.value.valuesPath}</code> already sets {p.imageTag ?? "this tag"}.
              </p>
            )}
          </>
        ) : (
          <Unavailable reading="the GitOps repository" failed="The diff is unavailable" section={p.git} />
        )}
      </section>
      <section aria-labelledby="commits-h" data-testid="commits">
        <h2 id="commits-h">
          Commits in {p.fromEnvironment} since {p.targetTag ?? "the target's tag"}
        </h2>
        {p.git.value ? (
          p.git.value.commits.length ? (
            <div className="table-scroll">
              {p.git.value.commitsComplete ? null : (
                <p className="small muted">
                  {p.targetTag ?? "The target's tag"} never appeared in {p.fromEnvironment}&apos;s history: these are
                  the newest commits only.
                </p>
              )}
              <table>
                <thead>
                  <tr>
                    <th scope="col">Commit</th>
                    <th scope="col">Author</th>
                    <th scope="col">When</th>
                    <th scope="col">Message</th>
                  </tr>
                </thead>
                <tbody>
                  {p.git.value.commits.map((c) => (
                    <tr key={c.sha}>
                      <td>
                        <ShaLink link={c} />
                      </td>
                      <td>{c.author}</td>
                      <td>
                        <Time iso={c.date} />
                      </td>
                      <td>{c.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p className="muted">No GitOps commits between the two tags.</p>
          )
        ) : (
          <p className="muted">Unavailable ({p.git.error}).</p>
        )}
      </section>
    </div>
  );
}
