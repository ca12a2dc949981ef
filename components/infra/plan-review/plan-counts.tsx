// The plan's totals: add / change / destroy / replace, then what will not change.
import type { PlanCounts as Counts } from "@/lib/domain/plan-review";
import styles from "./plan-review.module.css";

const MAIN = [
  { key: "add", label: "to add", tone: "ok" },
  { key: "change", label: "to change", tone: "warn" },
  { key: "destroy", label: "to destroy", tone: "bad" },
  { key: "replace", label: "to replace", tone: "bad" },
] as const;

export function PlanCounts({ counts }: { counts: Counts }) {
  const extra = [
    counts.forget > 0 ? `${counts.forget} to forget (kept, removed from state)` : null,
    counts.read > 0 ? `${counts.read} data source${counts.read === 1 ? "" : "s"} read during apply` : null,
    `${counts.unchanged} unchanged`,
  ].filter((x): x is string => x !== null);
  return (
    <div>
      <ul className={styles.counts} aria-label="Planned changes" data-testid="plan-counts">
        {MAIN.map((m) => (
          <li key={m.key} className={styles.count} data-testid={`plan-count-${m.key}`}>
            <span className={styles.countValue} style={counts[m.key] > 0 ? { color: `var(--${m.tone})` } : undefined}>
              {counts[m.key]}
            </span>
            <span>{m.label}</span>
          </li>
        ))}
      </ul>
      <p className="muted small">{extra.join(" · ")}</p>
    </div>
  );
}
