// /api/promotion-views/{id} in the OpenAPI document (route and schemas owned by promotions-ui).
import { promotionViewParamsSchema, promotionViewSchema } from "@/lib/server/promotion-views/api-schemas";
import { registerRoute } from "../registry";

registerRoute({
  method: "get",
  path: "/api/promotion-views/{id}",
  summary: "The promotion page's live data, with what the caller may do on it",
  tags: ["promotions"],
  access: "portal.view",
  params: promotionViewParamsSchema,
  responses: { 200: { description: "The promotion as its page shows it", schema: promotionViewSchema } },
});
