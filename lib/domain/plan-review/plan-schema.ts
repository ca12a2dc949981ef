// The subset of `tofu show -json <planfile>` that plan review reads (OpenTofu's "JSON Output Format",
// plan representation, format_version 1.x). Objects are loose: the format promises only additions
// within a major version, so unknown properties are kept and ignored rather than rejected.
import { z } from "zod";

/** The action lists the format defines; anything else is refused rather than under-reported. */
export const PLAN_ACTIONS = ["no-op", "create", "read", "update", "delete", "forget"] as const;

const pathStep = z.union([z.string(), z.number()]);

export const changeSchema = z.looseObject({
  actions: z.array(z.enum(PLAN_ACTIONS)).min(1, "must list at least one action"),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
  // Masks with the shape of before/after: `true` marks a leaf (or a whole subtree); omitted = not marked.
  after_unknown: z.unknown().optional(),
  before_sensitive: z.unknown().optional(),
  after_sensitive: z.unknown().optional(),
  replace_paths: z.array(z.array(pathStep)).optional(),
  importing: z.looseObject({ id: z.string().optional() }).nullable().optional(),
});

export const resourceChangeSchema = z.looseObject({
  address: z.string().min(1),
  previous_address: z.string().optional(),
  module_address: z.string().optional(),
  mode: z.enum(["managed", "data"]),
  type: z.string().min(1),
  name: z.string().min(1),
  index: z.union([z.string(), z.number()]).optional(),
  deposed: z.string().optional(),
  change: changeSchema,
  action_reason: z.string().optional(),
});

// `tofu show -json` writes each output change as a change representation itself (as seen in the real
// fixtures), though the format page shows it wrapped in {"change": …}: both are read.
export const outputChangeSchema = z.preprocess(
  (v) => (v && typeof v === "object" && !("actions" in v) && "change" in v ? (v as { change: unknown }).change : v),
  changeSchema,
);

export const planSchema = z.looseObject({
  format_version: z
    .string()
    .refine(
      (v) => /^1\.\d+$/.test(v),
      "unsupported format_version (plan review reads 1.x, as `tofu show -json` writes)",
    ),
  terraform_version: z.string().optional(),
  resource_changes: z.array(resourceChangeSchema).default([]),
  resource_drift: z.array(resourceChangeSchema).default([]),
  output_changes: z.record(z.string(), outputChangeSchema).default({}),
  // The resource attributes the planned changes depend on: a drifted attribute outside them does not
  // affect this plan (tofu plan does not show it either).
  relevant_attributes: z.array(z.looseObject({ resource: z.string(), attribute: z.array(pathStep) })).default([]),
  errored: z.boolean().default(false),
  // Newer writers say whether the plan can be applied and whether it covers every change.
  applyable: z.boolean().optional(),
  complete: z.boolean().optional(),
  timestamp: z.string().optional(),
});

export type PlanJson = z.infer<typeof planSchema>;
export type ResourceChangeJson = z.infer<typeof resourceChangeSchema>;
export type ChangeJson = z.infer<typeof changeSchema>;
export type PathStep = z.infer<typeof pathStep>;

/** A plan that is not `tofu show -json` output of a supported version; `issues` name where and why. */
export class PlanFormatError extends Error {
  constructor(
    message: string,
    readonly issues: string[] = [],
  ) {
    super(issues.length > 0 ? `${message}: ${issues.join("; ")}` : message);
    this.name = "PlanFormatError";
  }
}

const MAX_ISSUES = 5;

/** Parses plan JSON (text or an already-parsed value); throws PlanFormatError naming the first problems. */
export function parsePlanJson(input: unknown): PlanJson {
  let value = input;
  if (typeof input === "string") {
    try {
      value = JSON.parse(input);
    } catch (err) {
      throw new PlanFormatError(`plan is not JSON (${(err as Error).message})`);
    }
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new PlanFormatError("plan must be a JSON object as `tofu show -json <planfile>` writes it");
  }
  const parsed = planSchema.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, MAX_ISSUES).map((i) => `${formatIssuePath(i.path)}: ${i.message}`);
    const more = parsed.error.issues.length - MAX_ISSUES;
    if (more > 0) issues.push(`and ${more} more`);
    throw new PlanFormatError("not a readable OpenTofu plan", issues);
  }
  return parsed.data;
}

function formatIssuePath(path: PropertyKey[]): string {
  if (path.length === 0) return "plan";
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join("");
}
