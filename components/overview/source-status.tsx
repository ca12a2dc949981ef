// The page's one freshness signal: live, or which upstreams are stale/missing since when, or — when
// the page's own refresh fails — stale since the last answer it shows (lib/domain/freshness).
import { pageFreshness } from "@/lib/domain/freshness";
import { describeSource, type SourceStatus } from "@/lib/domain/status-rollup";
import { formatUtcTime } from "@/lib/domain/time-format";

export function SourceStatusBar({
  sources,
  generatedAt,
  refreshError = null,
}: {
  sources: SourceStatus[];
  generatedAt: string;
  /** The page's last poll failed (its message); the data on screen is the previous answer. */
  refreshError?: string | null;
}) {
  const f = pageFreshness({ sources, generatedAt, refreshError }, formatUtcTime);
  return (
    <section className="source-status" aria-label="Data sources" data-testid="source-status" aria-live="polite">
      {f.headline ? (
        <span className={`badge ${f.tone}`} data-testid="freshness">
          {f.headline}
        </span>
      ) : null}
      {f.degraded.length > 0 ? (
        <ul className="plain inline-list">
          {f.degraded.map((s) => (
            <li key={s.id}>
              <span
                className={`badge ${s.state === "missing" ? "bad" : "warn"}`}
                title={s.error ?? undefined}
                data-testid={`source-${s.id}`}
              >
                {describeSource(s, formatUtcTime)}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      <span className="muted small">Updated {formatUtcTime(generatedAt)}</span>
    </section>
  );
}
