// The promotion-views route's schemas, shared by the route and the OpenAPI document.
import { z } from "zod";

export const promotionViewParamsSchema = z.object({ id: z.uuid({ error: "must be a promotion id (UUID)" }) });

/** The page's DTO (lib/server/promotion-views/detail.ts), loose: the page reads more than this pins. */
export const promotionViewSchema = z.looseObject({
  id: z.uuid(),
  application: z.string(),
  fromEnvironment: z.string(),
  toEnvironment: z.string(),
  imageTag: z.string(),
  status: z.string(),
  approvals: z.looseObject({ required: z.number().int(), live: z.number().int(), list: z.array(z.looseObject({})) }),
  timeline: z.array(z.looseObject({ action: z.string(), outcome: z.string(), at: z.string() })),
  slack: z.looseObject({ permalink: z.string().nullable(), configured: z.boolean() }),
  permissions: z.looseObject({ approve: z.looseObject({ allowed: z.boolean() }) }),
  generatedAt: z.string(),
});
