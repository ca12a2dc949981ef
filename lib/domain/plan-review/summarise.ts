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
import { type AttributeChange, type AttributeDiff, diffAttributes, formatPath } from "./attribute-diff";
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
  /** Changes made outside OpenTofu since the last apply (resource_drift). */
  drift: ResourceSummary[];
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

function highlightDetail(r: ResourceSummary): string {
  const parts: string[] = [];
  if (r.kind === "delete") parts.push(r.reasonText ? `destroyed: ${r.reasonText}` : "destroyed");
  if (r.kind === "replace") {
    const forced = r.replacePaths.length > 0 ? ` (forced by ${r.replacePaths.join(", ")})` : "";
    parts.push(`${r.reasonText ? `replaced: ${r.reasonText}` : "replaced"}${forced}`);
  }
  if (r.risks.includes("iam")) parts.push(`IAM ${r.kind === "update" ? "change" : r.kind}`);
  if (r.risks.includes("security-group")) parts.push(`network access rule ${r.kind === "update" ? "change" : r.kind}`);
  return parts.join("; ");
}

function compareAddress(a: { address: string }, b: { address: string }): number {
  return a.address.localeCompare(b.address, "en", { numeric: true });
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
    .sort(([a], [b]) => (a === null ? -1 : b === null ? 1 : a.localeCompare(b, "en", { numeric: true })))
    .map(([moduleAddress, types]) => ({
      moduleAddress,
      counts: counts.get(moduleAddress) ?? emptyCounts(),
      types: [...types.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([type, list]) => ({ type, resources: list.sort(compareAddress) })),
    }));
}

/** Whether a resource belongs in the reviewed list: it changes something, or moves/imports an object. */
function isReviewed(r: ResourceSummary): boolean {
  if (APPLIED_KINDS.has(r.kind)) return true;
  return r.kind === "no-op" && (r.previousAddress !== undefined || r.importingId !== undefined);
}

export function summarisePlanJson(plan: PlanJson): PlanSummary {
  const all = plan.resource_changes.map(summariseResourceChange);
  const counts = emptyCounts();
  for (const r of all) count(counts, r.kind);
  const reviewed = all.filter(isReviewed);
  const highlights = reviewed
    .filter((r) => r.risks.length > 0)
    .sort((a, b) => riskRank(a) - riskRank(b) || compareAddress(a, b))
    .map((r) => ({
      address: r.address,
      type: r.type,
      kind: r.kind,
      categories: r.risks,
      protectedKind: r.protectedKind,
      detail: highlightDetail(r),
    }));
  const outputs = Object.entries(plan.output_changes)
    .map(([name, oc]) => {
      const { kind } = classifyActions(oc.change.actions);
      const wrap = (v: unknown) => (v === undefined ? undefined : { [name]: v });
      const diff = diffAttributes({
        before: wrap(oc.change.before),
        after: wrap(oc.change.after),
        beforeSensitive: wrap(oc.change.before_sensitive),
        afterSensitive: wrap(oc.change.after_sensitive),
        afterUnknown: wrap(oc.change.after_unknown),
      });
      return { name, kind, changes: diff.changes };
    })
    .filter((o) => o.kind !== "no-op" && o.changes.length > 0)
    .sort((a, b) => a.name.localeCompare(b.name));
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
    drift: plan.resource_drift.map(summariseResourceChange).sort(compareAddress),
    outputs,
  };
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
