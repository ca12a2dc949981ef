// The page's one freshness signal: live, or which upstreams are stale/missing since when, or — when
// the page's own refresh fails or cannot run — amber "stale since" the answer it shows
// (lib/domain/freshness). Every time in it is a <time> in the viewer's zone.
import { Time } from "@/components/ui/time";
import { pageFreshness, refreshProblem } from "@/lib/domain/freshness";
import type { SourceStatus } from "@/lib/domain/status-rollup";

function SourceBadge({ s }: { s: SourceStatus }) {
  return (
    <span
      className={`badge ${s.state === "missing" ? "bad" : "warn"}`}
      title={s.error ?? undefined}
      data-testid={`source-${s.id}`}
    >
      {s.label}: {s.state}
      {s.since ? (
        <>
          {" since "}
          <Time iso={s.since} format="clock" />
        </>
      ) : null}
    </span>
  );
}

export function SourceStatusBar({
  sources,
  generatedAt,
  refreshError = null,
  paused = false,
}: {
  sources: SourceStatus[];
  generatedAt: string;
  /** The page's last poll failed (its message); the data on screen is the previous answer. */
  refreshError?: string | null;
  /** The poll is paused because the browser is offline (TanStack Query's fetchStatus "paused"). */
  paused?: boolean;
}) {
  const f = pageFreshness({ sources, generatedAt, refreshError: refreshProblem(refreshError, paused) });
  return (
    <section className="source-status" aria-label="Data freshness" data-testid="source-status" aria-live="polite">
      <span className={`badge ${f.tone}`} data-testid="freshness" data-state={f.kind}>
        {f.kind === "stale" ? (
          <>
            Stale since <Time iso={f.since} format="clock" /> — {f.reason}
          </>
        ) : f.kind === "live" ? (
          <>
            All sources live · updated <Time iso={f.at} format="clock" seconds />
          </>
        ) : (
          <>
            {f.degraded.length} of {sources.length} sources degraded · updated{" "}
            <Time iso={f.at} format="clock" seconds />
          </>
        )}
      </span>
      {f.degraded.length > 0 ? (
        <ul className="plain inline-list" aria-label="Degraded sources">
          {f.degraded.map((s) => (
            <li key={s.id}>
              <SourceBadge s={s} />
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
