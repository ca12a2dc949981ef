// The policy result beside the approve/apply controls: what blocks the apply, what the approval needs.
import type { PlanPolicyResult } from "@/lib/domain/plan-review";
import styles from "./plan-review.module.css";

export function PlanPolicy({ policy }: { policy: PlanPolicyResult }) {
  const { violations, requirements } = policy;
  const tone = violations.length > 0 ? styles.policyBad : requirements.length > 0 ? styles.policyWarn : styles.policyOk;
  return (
    <section
      className={`card ${styles.policy} ${tone}`}
      aria-labelledby="plan-policy-heading"
      data-testid="plan-policy"
    >
      <h2 id="plan-policy-heading">Policy ({policy.environment})</h2>
      {violations.length === 0 && requirements.length === 0 ? (
        <p>
          <span className="badge ok">passes</span> No policy rule applies beyond the usual approval.
        </p>
      ) : null}
      {violations.length > 0 ? (
        <div role="alert">
          <p>
            <span className="badge bad">cannot be applied</span>
          </p>
          <ul>
            {violations.map((v) => (
              <li key={v.code}>{v.message}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {requirements.length > 0 ? (
        <div>
          <p>
            <span className="badge warn">admin approval with a reason</span>
          </p>
          <ul>
            {requirements.map((r) => (
              <li key={r.code}>{r.message}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
