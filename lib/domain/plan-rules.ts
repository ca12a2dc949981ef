// What an environment's catalog entry says about infrastructure plans (config/catalog.yaml
// `fourEyesPlans`, `strictPlanReview`; lib/catalog `planRulesOf`). The rules in lib/domain/infra-runs and
// lib/domain/plan-review take this, never an environment's name, so no list of names can decide them.
export interface PlanRules {
  name: string;
  /** The requester of a plan may not approve it. */
  fourEyesPlans: boolean;
  /** Destroying or replacing a stateful or foundational object needs an admin's approval with a reason. */
  strictPlanReview: boolean;
}
