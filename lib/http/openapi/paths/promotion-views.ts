// /api/promotion-views/{id} in the OpenAPI document (route owned by promotions-ui; registered here
// so the document covers every route — refine the response schema when its DTO has one).
import { z } from "zod";
import { registerRoute } from "../registry";

registerRoute({
  method: "get",
  path: "/api/promotion-views/{id}",
  summary: "The promotion page's live data",
  tags: ["promotions"],
  access: "portal.view",
  params: z.object({ id: z.uuid() }),
  responses: { 200: { description: "The promotion as its page shows it", schema: z.looseObject({}) } },
});
