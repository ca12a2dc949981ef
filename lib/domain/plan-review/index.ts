// Plan review: summary, attribute diffs (sensitive values masked) and policy of a `tofu show -json` plan.
export {
  type ChangeKind,
  classifyActions,
  describeActionReason,
  KIND_LABEL,
  type ReplaceOrder,
} from "./actions";
export { type AttributeChange, type AttributeDiff, type DisplayValue, formatPath } from "./attribute-diff";
export { PlanFormatError, type PlanJson, parsePlanJson } from "./plan-schema";
export {
  evaluatePlanPolicy,
  MIN_APPROVAL_REASON_LENGTH,
  type PlanApproval,
  type PlanPolicyResult,
  type PlanRequirement,
  type PlanViolation,
  type ProtectedChange,
  type UnmetRequirement,
  unmetRequirements,
} from "./policy";
export { PROTECTED_KIND_LABEL, type ProtectedKind } from "./resource-kinds";
export {
  type Highlight,
  isEmptyPlan,
  type ModuleGroup,
  type OutputChangeSummary,
  type PlanCounts,
  type PlanSummary,
  type ResourceSummary,
  type RiskCategory,
  summarisePlan,
  summarisePlanJson,
  type TypeGroup,
} from "./summarise";
