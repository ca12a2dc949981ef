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

export const argoActionBodySchema = z.strictObject({
  confirm: z.literal(true, { error: "must be true: the action has to be confirmed" }),
  prune: z.boolean().optional().describe("sync only: delete resources no longer in git"),
});

const appStatusSchema = z.looseObject({
  name: z.string(),
  syncStatus: z.string(),
  health: z.string(),
  revision: z.string().nullable(),
});

export const argoActionResultSchema = z.object({
  action: z.enum(["sync", "refresh"]),
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
