// Policy rules on a summarised plan, for the apply gate and the run page. Pure.
//
// - violations: the plan must not be applied at all (errored, incomplete, or nothing to apply);
// - requirements: the plan may be applied once its approval satisfies them. Today one rule: where the
//   catalog sets `strictPlanReview` (prod in the shipped one), destroying or replacing a database, cache,
//   cluster, KMS key or the state bucket needs an admin's approval with a written reason.
import type { PlanRules } from "../plan-rules";
import type { Role } from "../roles";
import { KIND_LABEL } from "./actions";
import { PROTECTED_KIND_LABEL, type ProtectedKind } from "./resource-kinds";
import { isEmptyPlan, type PlanSummary } from "./summarise";

/** A written reason is a sentence, not "ok". */
export const MIN_APPROVAL_REASON_LENGTH = 10;

export type PlanViolationCode = "plan-errored" | "plan-incomplete" | "plan-empty";

export interface PlanViolation {
  code: PlanViolationCode;
  message: string;
}

export interface ProtectedChange {
  address: string;
  kind: "delete" | "replace";
  protectedKind: ProtectedKind;
}

export interface PlanRequirement {
  code: "admin-approval-with-reason";
  message: string;
  /** The changes that made this requirement apply. */
  resources: ProtectedChange[];
}

export interface PlanPolicyResult {
  environment: string;
  requirements: PlanRequirement[];
  violations: PlanViolation[];
}

function protectedChanges(summary: PlanSummary): ProtectedChange[] {
  const out: ProtectedChange[] = [];
  for (const group of summary.groups) {
    for (const t of group.types) {
      for (const r of t.resources) {
        if ((r.kind === "delete" || r.kind === "replace") && r.protectedKind) {
          out.push({ address: r.address, kind: r.kind, protectedKind: r.protectedKind });
        }
      }
    }
  }
  return out;
}

/** The policy of a plan for an environment whose catalog rules are `rules` (lib/catalog `planRulesOf`). */
export function evaluatePlanPolicy(
  summary: PlanSummary,
  rules: Pick<PlanRules, "name" | "strictPlanReview">,
): PlanPolicyResult {
  const environment = rules.name;
  const violations: PlanViolation[] = [];
  if (summary.errored) {
    violations.push({ code: "plan-errored", message: "The plan failed (errored); it cannot be applied. Plan again." });
  }
  if (summary.complete === false) {
    violations.push({
      code: "plan-incomplete",
      message: "The plan is incomplete (some changes were deferred); plan again once they can be planned.",
    });
  }
  if (!summary.errored && isEmptyPlan(summary)) {
    violations.push({ code: "plan-empty", message: "The plan has no changes; there is nothing to apply." });
  }

  const requirements: PlanRequirement[] = [];
  if (rules.strictPlanReview) {
    const resources = protectedChanges(summary);
    if (resources.length > 0) {
      const list = resources
        .map((r) => `${KIND_LABEL[r.kind]} ${PROTECTED_KIND_LABEL[r.protectedKind]} ${r.address}`)
        .join(", ");
      requirements.push({
        code: "admin-approval-with-reason",
        message: `In ${environment}, this plan would ${list}: it needs an admin's approval with a written reason.`,
        resources,
      });
    }
  }
  return { environment, requirements, violations };
}

export interface PlanApproval {
  /** The approver's roles in the plan's environment (lib/domain/roles `rolesIn`). */
  roles: readonly Role[];
  reason?: string | null;
}

export interface UnmetRequirement {
  code: PlanRequirement["code"];
  message: string;
}

/** Which requirements an approval does not meet; empty = the approval is sufficient for this plan. */
export function unmetRequirements(policy: PlanPolicyResult, approval: PlanApproval): UnmetRequirement[] {
  const unmet: UnmetRequirement[] = [];
  for (const req of policy.requirements) {
    const isAdmin = approval.roles.includes("admin");
    const reason = approval.reason?.trim() ?? "";
    if (!isAdmin) {
      unmet.push({ code: req.code, message: `${req.message} The approver is not an admin in ${policy.environment}.` });
    } else if (reason.length < MIN_APPROVAL_REASON_LENGTH) {
      unmet.push({
        code: req.code,
        message: `${req.message} Write the reason (at least ${MIN_APPROVAL_REASON_LENGTH} characters).`,
      });
    }
  }
  return unmet;
}
