// The whole review of one plan: counts, policy result, risky changes, resources by module/type with
// their diffs, output changes and drift. Server-renderable (no client state: <details> expands).
import { Time } from "@/components/ui/time";
import type { PlanPolicyResult, PlanSummary } from "@/lib/domain/plan-review";
import { AttributeDiffTable } from "./attribute-diff-table";
import { PlanCounts } from "./plan-counts";
import { PlanHighlights } from "./plan-highlights";
import { PlanPolicy } from "./plan-policy";
import { PlanResourceGroups } from "./plan-resource-groups";
import styles from "./plan-review.module.css";
import { ResourceChange } from "./resource-change";

export function PlanReview({ summary, policy }: { summary: PlanSummary; policy?: PlanPolicyResult }) {
  return (
    <div className={styles.review} data-testid="plan-review">
      <section className="card" aria-labelledby="plan-summary-heading">
        <h2 id="plan-summary-heading">Plan summary</h2>
        {summary.errored ? (
          <p className="alert" role="alert">
            The plan errored: the changes below are what OpenTofu planned before it failed.
          </p>
        ) : null}
        <PlanCounts counts={summary.counts} />
        <p className="muted small">
          OpenTofu {summary.tofuVersion ?? "(version not recorded)"}
          {summary.timestamp ? (
            <>
              {" · planned "}
              <Time iso={summary.timestamp} seconds />
            </>
          ) : null}
        </p>
      </section>
      {policy ? <PlanPolicy policy={policy} /> : null}
      <PlanHighlights highlights={summary.highlights} />
      <PlanResourceGroups groups={summary.groups} />
      {summary.outputs.length > 0 ? (
        <section aria-labelledby="plan-outputs-heading">
          <h2 id="plan-outputs-heading">Output changes</h2>
          <AttributeDiffTable
            caption="Output value changes"
            diff={{ changes: summary.outputs.flatMap((o) => o.changes), unchanged: 0 }}
          />
        </section>
      ) : null}
      {summary.drift.length > 0 ? (
        <section aria-labelledby="plan-drift-heading">
          <h2 id="plan-drift-heading">Changed outside OpenTofu ({summary.drift.length})</h2>
          <p className="muted small">
            Objects that differ from the last applied state; the plan above says what applying does about them.
          </p>
          {summary.drift.map((r) => (
            <ResourceChange key={`${r.address}#${r.deposed ?? ""}`} resource={r} anchorPrefix="drift-" />
          ))}
        </section>
      ) : null}
    </div>
  );
}
