// Until plan-review's <PlanReview> lands: the plan's counts and highlighted changes from its summary.
import { evaluatePlanPolicy, type PlanSummary } from "@/lib/domain/plan-review";

export function PlanSummaryCounts({ summary, environment }: { summary: PlanSummary; environment: string }) {
  const c = summary.counts;
  const policy = evaluatePlanPolicy(summary, environment);
  return (
    <section data-testid="plan-review">
      <h2>Plan</h2>
      <p data-testid="plan-counts">
        {c.add} to add, {c.change} to change, {c.destroy} to destroy, {c.replace} to replace
      </p>
      {policy.requirements.map((r) => (
        <p key={r.code} className="alert">
          {r.message}
        </p>
      ))}
    </section>
  );
}
