// Plan summary: what a reviewer reads before approving an apply. Built from `tofu show -json` only
// (no I/O); the object it returns holds no sensitive value (attribute-diff.ts masks them), so it can
// be rendered, cached or sent to the browser as it is.
import {
  APPLIED_KINDS,
  type ChangeKind,
  classifyActions,
  describeActionReason,
  describeReplaceOrder,
  type ReplaceOrder,
} from "./actions";
import {
  type AttributeChange,
  type AttributeDiff,
  comparePaths,
  diffAttributes,
  formatPath,
  isUnder,
} from "./attribute-diff";
import { type PlanJson, parsePlanJson, type ResourceChangeJson } from "./plan-schema";
import { isIamType, isSecurityGroupType, type ProtectedKind, protectedKindOf } from "./resource-kinds";

export type RiskCategory = "destroy" | "replace" | "iam" | "security-group";

export interface ResourceSummary {
  address: string;
  /** `module.platform.module.rds`; null for the root module. */
  moduleAddress: string | null;
  mode: "managed" | "data";
  type: string;
  name: string;
  kind: ChangeKind;
  replaceOrder?: ReplaceOrder;
  /** Set when the change applies to a deposed object (an earlier create_before_destroy left it). */
  deposed?: string;
  previousAddress?: string;
  importingId?: string;
  /** The action_reason code as OpenTofu wrote it, and in words. */
  actionReason?: string;
  reasonText?: string;
  replaceOrderText?: string;
  /** Attribute paths that force the replacement ("instance_class", `tags["x"]`). */
  replacePaths: string[];
  protectedKind: ProtectedKind | null;
  risks: RiskCategory[];
  diff: AttributeDiff;
  /**
   * The plan undoes a change made outside OpenTofu: "deleted" (the object is gone and is re-created)
   * or "changed" (attributes this change sets were edited outside). Absent otherwise.
   */
  outsideChange?: "deleted" | "changed";
}

export interface PlanCounts {
  add: number;
  change: number;
  destroy: number;
  replace: number;
  /** Removed from state by a `removed` block, not destroyed. */
  forget: number;
  /** Data sources read during apply. */
  read: number;
  unchanged: number;
}

export interface TypeGroup {
  type: string;
  resources: ResourceSummary[];
}

export interface ModuleGroup {
  moduleAddress: string | null;
  counts: PlanCounts;
  types: TypeGroup[];
}

export interface Highlight {
  address: string;
  type: string;
  kind: ChangeKind;
  categories: RiskCategory[];
  protectedKind: ProtectedKind | null;
  /** One line: why this needs a second look. */
  detail: string;
}

export interface OutputChangeSummary {
  name: string;
  kind: ChangeKind;
  changes: AttributeChange[];
}

export interface PlanSummary {
  formatVersion: string;
  tofuVersion: string | null;
  timestamp: string | null;
  errored: boolean;
  /** As the plan says when its writer reports it; null when absent. */
  applyable: boolean | null;
  complete: boolean | null;
  counts: PlanCounts;
  highlights: Highlight[];
  groups: ModuleGroup[];
  /**
   * Changes made outside OpenTofu since the last apply (resource_drift) that matter to this plan:
   * deleted objects, and changed attributes the plan depends on (relevant_attributes).
   */
  drift: ResourceSummary[];
  /** Drifted objects whose changes do not affect this plan (refresh noise; `tofu plan` hides them). */
  driftHidden: number;
  outputs: OutputChangeSummary[];
}

const RISK_ORDER: RiskCategory[] = ["destroy", "replace", "iam", "security-group"];

/** Highlights sort by their worst category (risks are listed in RISK_ORDER already). */
function riskRank(r: ResourceSummary): number {
  return r.risks.length === 0 ? RISK_ORDER.length : RISK_ORDER.indexOf(r.risks[0] as RiskCategory);
}

function emptyCounts(): PlanCounts {
  return { add: 0, change: 0, destroy: 0, replace: 0, forget: 0, read: 0, unchanged: 0 };
}

function count(counts: PlanCounts, kind: ChangeKind): void {
  switch (kind) {
    case "create":
      counts.add++;
      break;
    case "update":
      counts.change++;
      break;
    case "delete":
      counts.destroy++;
      break;
    case "replace":
      counts.replace++;
      break;
    case "forget":
      counts.forget++;
      break;
    case "read":
      counts.read++;
      break;
    case "no-op":
      counts.unchanged++;
      break;
  }
}

function bucketName(rc: ResourceChangeJson): string | null {
  for (const side of [rc.change.before, rc.change.after]) {
    if (side && typeof side === "object" && "bucket" in side && typeof side.bucket === "string") return side.bucket;
  }
  return null;
}

function risksOf(type: string, kind: ChangeKind): RiskCategory[] {
  if (!APPLIED_KINDS.has(kind) || kind === "forget") return [];
  const risks: RiskCategory[] = [];
  if (kind === "delete") risks.push("destroy");
  if (kind === "replace") risks.push("replace");
  if (isIamType(type)) risks.push("iam");
  if (isSecurityGroupType(type)) risks.push("security-group");
  return risks;
}

export function summariseResourceChange(rc: ResourceChangeJson): ResourceSummary {
  const { kind, replaceOrder } = classifyActions(rc.change.actions);
  const moduleAddress = rc.module_address ?? null;
  const replacePaths = (rc.change.replace_paths ?? []).map(formatPath);
  return {
    address: rc.address,
    moduleAddress,
    mode: rc.mode,
    type: rc.type,
    name: rc.name,
    kind,
    ...(replaceOrder ? { replaceOrder, replaceOrderText: describeReplaceOrder(replaceOrder) } : {}),
    ...(rc.deposed ? { deposed: rc.deposed } : {}),
    ...(rc.previous_address ? { previousAddress: rc.previous_address } : {}),
    ...(rc.change.importing?.id ? { importingId: rc.change.importing.id } : {}),
    ...(rc.action_reason ? { actionReason: rc.action_reason, reasonText: describeActionReason(rc.action_reason) } : {}),
    replacePaths,
    protectedKind: protectedKindOf({ type: rc.type, moduleAddress, bucketName: bucketName(rc) }),
    risks: risksOf(rc.type, kind),
    diff: diffAttributes({
      before: rc.change.before,
      after: rc.change.after,
      beforeSensitive: rc.change.before_sensitive,
      afterSensitive: rc.change.after_sensitive,
      afterUnknown: rc.change.after_unknown,
      replacePaths: rc.change.replace_paths,
    }),
  };
}

const VERB: Partial<Record<ChangeKind, string>> = {
  create: "created",
  update: "updated in place",
  delete: "destroyed",
  replace: "replaced",
};

/** "replaced: the provider cannot … (forced by instance_types)"; the categories are shown beside it. */
function highlightDetail(r: ResourceSummary): string {
  const forced = r.replacePaths.length > 0 ? ` (forced by ${r.replacePaths.join(", ")})` : "";
  const outside =
    r.outsideChange === "deleted"
      ? "; deleted outside OpenTofu"
      : r.outsideChange === "changed"
        ? "; changed outside OpenTofu"
        : "";
  return `${VERB[r.kind] ?? r.kind}${r.reasonText ? `: ${r.reasonText}` : ""}${forced}${outside}`;
}

function compareAddress(a: { address: string }, b: { address: string }): number {
  return comparePaths(a.address, b.address);
}

function groupByModuleAndType(resources: ResourceSummary[], all: ResourceSummary[]): ModuleGroup[] {
  const modules = new Map<string | null, Map<string, ResourceSummary[]>>();
  const counts = new Map<string | null, PlanCounts>();
  for (const r of all) {
    let c = counts.get(r.moduleAddress);
    if (!c) {
      c = emptyCounts();
      counts.set(r.moduleAddress, c);
    }
    count(c, r.kind);
  }
  for (const r of resources) {
    let types = modules.get(r.moduleAddress);
    if (!types) {
      types = new Map();
      modules.set(r.moduleAddress, types);
    }
    const list = types.get(r.type);
    if (list) list.push(r);
    else types.set(r.type, [r]);
  }
  return [...modules.entries()]
    .sort(([a], [b]) => (a === null ? -1 : b === null ? 1 : comparePaths(a, b)))
    .map(([moduleAddress, types]) => ({
      moduleAddress,
      counts: counts.get(moduleAddress) ?? emptyCounts(),
      types: [...types.entries()]
        .sort(([a], [b]) => comparePaths(a, b))
        .map(([type, list]) => ({ type, resources: list.sort(compareAddress) })),
    }));
}

/** Whether a resource belongs in the reviewed list: it changes something, or moves/imports an object. */
function isReviewed(r: ResourceSummary): boolean {
  if (APPLIED_KINDS.has(r.kind)) return true;
  return r.kind === "no-op" && (r.previousAddress !== undefined || r.importingId !== undefined);
}

/** Marks the planned changes that revert drift, from the full (unfiltered) resource_drift. */
function markOutsideChanges(resources: ResourceSummary[], plan: PlanJson): void {
  if (plan.resource_drift.length === 0) return;
  const drifted = new Map(plan.resource_drift.map((rd) => [rd.address, summariseResourceChange(rd)]));
  for (const r of resources) {
    const d = drifted.get(r.address);
    if (!d || r.kind === "no-op" || r.kind === "read") continue;
    if (d.kind === "delete" && (r.kind === "create" || r.kind === "replace")) {
      r.outsideChange = "deleted";
    } else if (d.kind === "update") {
      const planned = new Set(r.diff.changes.map((c) => c.path));
      if (d.diff.changes.some((c) => planned.has(c.path))) r.outsideChange = "changed";
    }
  }
}

export function summarisePlanJson(plan: PlanJson): PlanSummary {
  const all = plan.resource_changes.map(summariseResourceChange);
  markOutsideChanges(all, plan);
  const counts = emptyCounts();
  for (const r of all) count(counts, r.kind);
  const reviewed = all.filter(isReviewed);
  const highlights = reviewed
    .filter((r) => r.risks.length > 0)
    .sort(
      (a, b) =>
        riskRank(a) - riskRank(b) ||
        Number(b.protectedKind !== null) - Number(a.protectedKind !== null) ||
        compareAddress(a, b),
    )
    .map((r) => ({
      address: r.address,
      type: r.type,
      kind: r.kind,
      categories: r.risks,
      protectedKind: r.protectedKind,
      detail: highlightDetail(r),
    }));
  const drift = relevantDrift(plan);
  const outputs = Object.entries(plan.output_changes)
    .map(([name, oc]) => {
      const { kind } = classifyActions(oc.actions);
      const wrap = (v: unknown) => (v === undefined ? undefined : { [name]: v });
      const diff = diffAttributes({
        before: wrap(oc.before),
        after: wrap(oc.after),
        beforeSensitive: wrap(oc.before_sensitive),
        afterSensitive: wrap(oc.after_sensitive),
        afterUnknown: wrap(oc.after_unknown),
      });
      return { name, kind, changes: diff.changes };
    })
    .filter((o) => o.kind !== "no-op" && o.changes.length > 0)
    .sort((a, b) => comparePaths(a.name, b.name));
  return {
    formatVersion: plan.format_version,
    tofuVersion: plan.terraform_version ?? null,
    timestamp: plan.timestamp ?? null,
    errored: plan.errored,
    applyable: plan.applyable ?? null,
    complete: plan.complete ?? null,
    counts,
    highlights,
    groups: groupByModuleAndType(reviewed, all),
    drift: drift.drift,
    driftHidden: drift.hidden,
    outputs,
  };
}

/** Keeps the drift `tofu plan` itself shows: deletions, and changes under the relevant attributes. */
function relevantDrift(plan: PlanJson): { drift: ResourceSummary[]; hidden: number } {
  const relevant = new Map<string, string[]>();
  for (const a of plan.relevant_attributes) {
    const paths = relevant.get(a.resource) ?? [];
    paths.push(formatPath(a.attribute));
    relevant.set(a.resource, paths);
  }
  const drift: ResourceSummary[] = [];
  let hidden = 0;
  for (const rd of plan.resource_drift) {
    const r = summariseResourceChange(rd);
    if (r.kind === "delete") {
      drift.push(r);
      continue;
    }
    const paths = relevant.get(r.address) ?? [];
    const changes = r.diff.changes.filter((c) => isUnder(c.path, paths));
    if (changes.length === 0) {
      hidden++;
      continue;
    }
    drift.push({ ...r, diff: { changes, unchanged: r.diff.unchanged + r.diff.changes.length - changes.length } });
  }
  return { drift: drift.sort(compareAddress), hidden };
}

/** Parses and summarises `tofu show -json` output; a malformed plan throws PlanFormatError. */
export function summarisePlan(input: unknown): PlanSummary {
  return summarisePlanJson(parsePlanJson(input));
}

/** Nothing to apply: no resource would change and no output value would change. */
export function isEmptyPlan(summary: PlanSummary): boolean {
  const c = summary.counts;
  return c.add + c.change + c.destroy + c.replace + c.forget === 0 && summary.outputs.length === 0;
}
