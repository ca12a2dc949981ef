// Which upstreams the data on screen comes from, and which are stale or missing since when.
import { describeSource, type SourceStatus, sourcesTone } from "@/lib/domain/status-rollup";
import { formatUtcTime } from "@/lib/domain/time-format";

export function SourceStatusBar({ sources, generatedAt }: { sources: SourceStatus[]; generatedAt: string }) {
  const degraded = sources.filter((s) => s.state !== "ok");
  const tone = sourcesTone(sources);
  return (
    <section className="source-status" aria-label="Data sources" data-testid="source-status">
      {degraded.length === 0 ? (
        <span className={`badge ${tone}`}>All sources live</span>
      ) : (
        <ul className="plain inline-list">
          {degraded.map((s) => (
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
      )}
      <span className="muted small">Updated {formatUtcTime(generatedAt)}</span>
    </section>
  );
}
