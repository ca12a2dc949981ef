// /api/promotions/** and /api/service-tokens/** in the OpenAPI document (routes owned by
// promotions-engine). The schemas are the ones the routes parse with.
import { z } from "zod";
import {
  cancelBodySchema,
  decisionBodySchema,
  promotionParamsSchema,
  requestPromotionBodySchema,
  rollbackBodySchema,
} from "@/lib/server/promotions/api-schemas";
import { promotionDetailSchema, promotionDtoSchema } from "@/lib/server/promotions/read";
import { createServiceTokenSchema, serviceTokenDtoSchema } from "@/lib/server/service-tokens";
import { registerRoute } from "../registry";

const detail = { description: "The promotion with its approvals and timeline", schema: promotionDetailSchema };
const refused = {
  description: "Refused by the promotion rules (the message names why: in flight, expired, own approval, frozen…)",
};

registerRoute({
  method: "post",
  path: "/api/promotions",
  summary: "Request a promotion (signed in, or Authorization: Bearer <service token> with the ci role)",
  tags: ["promotions"],
  access: "promotion.request",
  body: requestPromotionBodySchema,
  responses: {
    201: detail,
    404: { description: "The application or an environment is not in the catalog" },
    409: refused,
  },
  audit: ["promotion.requested"],
  upstream: true,
  serviceToken: true,
});

registerRoute({
  method: "get",
  path: "/api/promotions",
  summary: "The latest promotions",
  tags: ["promotions"],
  access: "portal.view",
  query: z.object({
    application: z.string().optional(),
    environment: z.string().optional(),
    status: z.string().optional(),
    limit: z.string().optional(),
  }),
  responses: {
    200: { description: "Promotions, newest first", schema: z.object({ items: z.array(promotionDtoSchema) }) },
  },
});

registerRoute({
  method: "get",
  path: "/api/promotions/{id}",
  summary: "One promotion",
  tags: ["promotions"],
  access: "portal.view",
  params: promotionParamsSchema,
  responses: { 200: detail },
});

for (const [action, summary, access, body, audit, status] of [
  [
    "approve",
    "Approve (approver/admin of the target environment, never the requester)",
    "promotion.approve",
    decisionBodySchema,
    "promotion.approved",
    200,
  ],
  [
    "reject",
    "Reject (approver/admin of the target environment)",
    "promotion.approve",
    decisionBodySchema,
    "promotion.rejected",
    200,
  ],
  ["cancel", "Cancel (the requester, before the commit)", "portal.view", cancelBodySchema, "promotion.cancelled", 200],
  [
    "rollback",
    "Roll back to this succeeded promotion's tag (a new promotion)",
    "promotion.rollback",
    rollbackBodySchema,
    "promotion.requested",
    201,
  ],
] as const) {
  registerRoute({
    method: "post",
    path: `/api/promotions/{id}/${action}`,
    summary,
    tags: ["promotions"],
    access,
    params: promotionParamsSchema,
    body,
    responses: { [status]: detail, 409: refused },
    audit: [audit],
    upstream: action === "rollback",
  });
}

// The route's own schemas (a hand-written copy here let schemathesis send names the route refuses).
const token = serviceTokenDtoSchema;

registerRoute({
  method: "get",
  path: "/api/service-tokens",
  summary: "Service tokens (admins)",
  tags: ["service-tokens"],
  access: "config.change",
  responses: { 200: { description: "Tokens without their secrets", schema: z.object({ items: z.array(token) }) } },
});

registerRoute({
  method: "post",
  path: "/api/service-tokens",
  summary: "Create a service token (its secret is in this answer only)",
  tags: ["service-tokens"],
  access: "config.change",
  body: createServiceTokenSchema,
  responses: {
    404: { description: "An environment the token is scoped to is not in the catalog" },
    201: { description: "The token and its secret", schema: token.extend({ token: z.string() }) },
    409: { description: "Name taken" },
  },
  audit: ["config.service_token_created"],
});

registerRoute({
  method: "post",
  path: "/api/service-tokens/{id}/revoke",
  summary: "Revoke a service token",
  tags: ["service-tokens"],
  access: "config.change",
  params: z.object({ id: z.uuid() }),
  body: z.strictObject({}),
  responses: { 200: { description: "The revoked token", schema: token }, 409: { description: "Already revoked" } },
  audit: ["config.service_token_revoked"],
});
