// POST /api/promotions — request a promotion (a signed-in person, or Jenkins with a service token);
// GET /api/promotions — the latest promotions, filtered by application, environment, status.
import { requireApiPrincipal } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { queryParams } from "@/lib/http/params";
import { readJsonBody, route } from "@/lib/http/route";
import {
  getPromotionDetail,
  listPromotions,
  listPromotionsQuerySchema,
  promotionDeps,
  requestPromotion,
  tokenCaller,
  userCaller,
} from "@/lib/server/promotions";
import { requestPromotionBodySchema } from "@/lib/server/promotions/api-schemas";
import { authenticateServiceToken } from "@/lib/server/service-tokens";

export const dynamic = "force-dynamic";

export const POST = route("/api/promotions", async (request, _context, ctx) => {
  const db = await getDb();
  // A Bearer header means a machine: it must be a live service token (401 otherwise), never a session.
  const token = await authenticateServiceToken(db, request.headers.get("authorization"));
  const caller = token ? tokenCaller(token, ctx) : userCaller(await requireApiPrincipal("portal.view"), ctx);
  const body = await readJsonBody(request, requestPromotionBodySchema);
  const deps = await promotionDeps();
  const created = await requestPromotion(deps.service, caller, body);
  return Response.json(await getPromotionDetail(db, created.id), { status: 201 });
});

export const GET = route("/api/promotions", async (request) => {
  await requireApiPrincipal("portal.view");
  const query = listPromotionsQuerySchema.parse(queryParams(request.url));
  return Response.json({ items: await listPromotions(await getDb(), query) });
});
