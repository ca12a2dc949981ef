// GET /api/promotions/{id} — the promotion, its approvals and its timeline of audit events.
import { requireApiPrincipal } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { notFound } from "@/lib/http/errors";
import { pathParams } from "@/lib/http/params";
import { route } from "@/lib/http/route";
import { getPromotionDetail } from "@/lib/server/promotions";
import { promotionParamsSchema } from "@/lib/server/promotions/api-schemas";

export const dynamic = "force-dynamic";
type Ctx = { params: Promise<{ id: string }> };

export const GET = route<Ctx>("/api/promotions/[id]", async (_request, { params }) => {
  await requireApiPrincipal("portal.view");
  const { id } = await pathParams(promotionParamsSchema, params);
  const detail = await getPromotionDetail(await getDb(), id);
  if (!detail) throw notFound("there is no such promotion");
  return Response.json(detail);
});
