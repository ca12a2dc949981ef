// The wire schemas of /api/applications/{app}/{env}[/sync|/refresh]: parsed by the routes and
// registered in the OpenAPI document (lib/http/openapi/paths/applications.ts). Pure zod.
import { z } from "zod";
import { TIME_RANGE_KEYS, type TimeRangeKey } from "@/lib/domain/metric-queries";

/** A catalog name segment. Anything else cannot name an application or environment: 404. */
export const catalogNameSchema = z.string().regex(/^[a-z][a-z0-9-]{0,50}$/, "must be a lowercase catalog name");

export const appEnvParamsSchema = z.object({
  app: catalogNameSchema.describe("application name from the catalog, e.g. nura-core"),
  env: catalogNameSchema.describe("environment name from the catalog, e.g. prod"),
});

export const detailQuerySchema = z.object({
  range: z
    .enum(TIME_RANGE_KEYS as [TimeRangeKey, ...TimeRangeKey[]], {
      error: `must be one of ${TIME_RANGE_KEYS.join(", ")}`,
    })
    .default("1h"),
});

const confirm = z.literal(true, { error: "must be true: the action has to be confirmed" });

/** Refresh and Terminate: a confirmation and nothing else. */
export const confirmBodySchema = z.strictObject({ confirm });

/** Kept for Refresh callers that send the old body (prune is ignored there). */
export const argoActionBodySchema = z.strictObject({
  confirm,
  prune: z.boolean().optional().describe("sync only: delete resources no longer in git"),
});

/** One resource of a selective sync, as Argo CD names it (SyncOperationResource). */
export const syncResourceSchema = z.strictObject({
  group: z
    .string()
    .max(253)
    .regex(/^[a-z0-9.-]*$/, "must be an API group such as apps, or empty for core"),
  kind: z.string().regex(/^[A-Z][A-Za-z0-9]{0,62}$/, "must be a Kubernetes kind such as Deployment"),
  namespace: z
    .string()
    .max(63)
    .regex(/^[a-z0-9-]*$/, "must be a namespace name, or empty for cluster scope"),
  name: z
    .string()
    .min(1)
    .max(253)
    .regex(/^[a-z0-9.-]+$/, "must be a Kubernetes object name"),
});

export const syncBodySchema = z.strictObject({
  confirm,
  prune: z.boolean().optional().describe("delete resources no longer in git"),
  dryRun: z.boolean().optional().describe("let Argo CD validate and diff without changing the cluster"),
  resources: z
    .array(syncResourceSchema)
    .min(1, "must name at least one resource, or be left out to sync all")
    .max(100, "must name at most 100 resources")
    .optional()
    .describe("sync only these managed resources"),
});

export const rollbackBodySchema = z.strictObject({
  confirm,
  id: z
    .number({ error: "must be the id of a history entry (a whole number)" })
    .int("must be a whole number")
    .min(0, "must be 0 or more")
    .max(2 ** 31 - 1, "is too large")
    .describe("Argo CD history entry to redeploy"),
  prune: z.boolean().optional(),
  dryRun: z.boolean().optional(),
});

const appStatusSchema = z.looseObject({
  name: z.string(),
  syncStatus: z.string(),
  health: z.string(),
  revision: z.string().nullable(),
});

export const argoActionResultSchema = z.object({
  action: z.enum(["sync", "refresh", "rollback", "terminate"]),
  outcome: z
    .enum(["started", "done"])
    .describe("started: Argo CD accepted an operation; its outcome is audited when it ends"),
  status: appStatusSchema,
  auditIntentSeq: z.string().regex(/^\d+$/).describe("the audit event recorded before Argo CD was called"),
});

export const applicationDetailSchema = z.looseObject({
  application: z.string(),
  environment: z.string(),
  argoApp: z.string(),
  generatedAt: z.string(),
  range: z.enum(TIME_RANGE_KEYS as [TimeRangeKey, ...TimeRangeKey[]]),
  sources: z.array(z.looseObject({ id: z.string(), state: z.string() })),
  status: appStatusSchema.nullable(),
});

/** GET …/resource: one resource of the application's tree, named as Argo CD names it. */
export const resourceQuerySchema = z.strictObject({
  group: syncResourceSchema.shape.group.default(""),
  kind: syncResourceSchema.shape.kind,
  namespace: syncResourceSchema.shape.namespace.default(""),
  name: syncResourceSchema.shape.name,
});

/** GET …/logs: a pod's last lines; `since` (RFC 3339) for follow-by-polling. */
export const logsQuerySchema = z.strictObject({
  pod: syncResourceSchema.shape.name.describe("a Pod of the application's resource tree"),
  tail: z.coerce
    .number({ error: "must be a whole number" })
    .int("must be a whole number")
    .min(1, "must be at least 1")
    .max(5000, "must be at most 5000")
    .default(200),
  since: z.iso.datetime({ offset: true, error: "must be an RFC 3339 time such as 2026-12-01T13:00:00Z" }).optional(),
});

export const resourceViewSchema = z.looseObject({
  resource: z.looseObject({ kind: z.string(), name: z.string(), uid: z.string() }),
  managed: z.boolean(),
  modified: z.boolean(),
  desired: z.string().nullable(),
  live: z.string().nullable(),
  diff: z.array(z.object({ sign: z.enum(["+", "-", " "]), text: z.string() })),
  events: z.array(z.looseObject({ reason: z.string(), message: z.string() })),
});

export const logsSchema = z.object({
  lines: z.array(z.object({ podName: z.string(), content: z.string(), timeStamp: z.string().nullable() })),
});
