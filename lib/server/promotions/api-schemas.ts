// Zod schemas of the /api/promotions routes: the routes parse with them and the OpenAPI document
// describes them (lib/http/openapi/paths/promotions.ts). Strict: an unknown key is a 400 naming it.
import { z } from "zod";
import { storable } from "@/lib/http/json-body";

const name = z.string().regex(/^[a-z][a-z0-9-]{0,50}$/, "must be a lowercase DNS-style name");
const comment = storable(z.string().max(2000, "must be at most 2000 characters"));

export const promotionParamsSchema = z.object({ id: z.uuid("must be a promotion id (a UUID)") });

export const requestPromotionBodySchema = z.strictObject({
  application: name,
  toEnvironment: name,
  /** The tag running in the source environment; when given it must be that one. */
  imageTag: storable(z.string().min(1).max(128)).optional(),
  fromEnvironment: name.optional(),
  reason: comment.optional(),
  /** The CI build that asks (scripts/ci/request-promotion.sh sends BUILD_URL); kept in the audit event. */
  buildUrl: z.union([storable(z.url().max(2000)), z.literal("")]).optional(),
  /** Admins: request through a freeze window with a written reason. */
  freezeOverrideReason: storable(z.string().max(1000)).optional(),
});

export const decisionBodySchema = z.strictObject({ comment: comment.optional() });
export const cancelBodySchema = z.strictObject({ reason: comment.optional() });
export const rollbackBodySchema = z.strictObject({ reason: storable(z.string().min(1, "must say why").max(2000)) });
