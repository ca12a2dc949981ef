// What a resource change's action list means, and why OpenTofu chose it, in words.
import type { PLAN_ACTIONS } from "./plan-schema";

type PlanAction = (typeof PLAN_ACTIONS)[number];

export type ChangeKind = "create" | "update" | "delete" | "replace" | "forget" | "read" | "no-op";

/** Replacement order: the default destroys first; `create_before_destroy` creates the new object first. */
export type ReplaceOrder = "delete-then-create" | "create-then-delete";

export interface ClassifiedActions {
  kind: ChangeKind;
  replaceOrder?: ReplaceOrder;
}

/** Maps `change.actions` to one kind; create+delete in either order is a replacement. */
export function classifyActions(actions: readonly PlanAction[]): ClassifiedActions {
  const key = actions.join(",");
  switch (key) {
    case "create":
    case "update":
    case "delete":
    case "forget":
    case "read":
    case "no-op":
      return { kind: key };
    case "delete,create":
      return { kind: "replace", replaceOrder: "delete-then-create" };
    case "create,delete":
      return { kind: "replace", replaceOrder: "create-then-delete" };
    default:
      // Not a combination the format documents: show the worst thing it could do.
      if (actions.includes("delete")) return { kind: actions.includes("create") ? "replace" : "delete" };
      return { kind: actions.includes("create") ? "create" : "update" };
  }
}

/** Kinds that change infrastructure when applied (no-op and data-source reads do not). */
export const APPLIED_KINDS: ReadonlySet<ChangeKind> = new Set(["create", "update", "delete", "replace", "forget"]);

export const KIND_LABEL: Record<ChangeKind, string> = {
  create: "create",
  update: "update in place",
  delete: "destroy",
  replace: "replace",
  forget: "forget (removed from state, not destroyed)",
  read: "read during apply",
  "no-op": "no change",
};

const REASONS: Record<string, string> = {
  replace_because_tainted: "the object is tainted, so it must be replaced",
  replace_because_cannot_update: "the provider cannot make a requested change in place",
  replace_by_request: "replacement was requested (-replace)",
  replace_by_triggers: "a replace_triggered_by reference changed",
  delete_because_no_resource_config: "its resource block is no longer in the configuration",
  delete_because_no_module: "its module is no longer in the configuration",
  delete_because_wrong_repetition: "its instance key does not fit the resource's count/for_each",
  delete_because_count_index: "its index is beyond the configured count",
  delete_because_each_key: "its key is not in the configured for_each",
  delete_because_no_move_target: "it was moved to an address that does not exist",
  read_because_config_unknown: "its configuration depends on values known only after apply",
  read_because_dependency_pending: "it depends on a resource with pending changes",
  read_because_check_nested: "it is read by a check block",
};

/** The action_reason in words; unknown codes (the format allows new ones) are shown as they are. */
export function describeActionReason(reason: string | undefined): string | undefined {
  if (!reason) return undefined;
  return REASONS[reason] ?? reason.replaceAll("_", " ");
}

export function describeReplaceOrder(order: ReplaceOrder | undefined): string | undefined {
  if (order === "delete-then-create") return "destroyed first, then created (downtime while it is recreated)";
  if (order === "create-then-delete") return "the new object is created first (create_before_destroy)";
  return undefined;
}
