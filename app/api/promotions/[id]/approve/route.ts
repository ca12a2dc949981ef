// POST /api/promotions/{id}/approve — approve (approver/admin of the target environment, never the requester).
import { requireApiPrincipal } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { pathParams } from "@/lib/http/params";
import { readJsonBody, route } from "@/lib/http/route";
import { approvePromotion, getPromotionDetail, promotionDeps, userCaller } from "@/lib/server/promotions";
import { decisionBodySchema, promotionParamsSchema } from "@/lib/server/promotions/api-schemas";

export const dynamic = "force-dynamic";
type Ctx = { params: Promise<{ id: string }> };

export const POST = route<Ctx>("/api/promotions/[id]/approve", async (request, { params }, ctx) => {
  // The role for the promotion's environment is checked by the rules inside the transaction.
  const caller = userCaller(await requireApiPrincipal("portal.view"), ctx);
  const { id } = await pathParams(promotionParamsSchema, params);
  const body = await readJsonBody(request, decisionBodySchema);
  const deps = await promotionDeps();
  const row = await approvePromotion(deps.service, caller, id, body);
  return Response.json(await getPromotionDetail(await getDb(), row.id), { status: 200 });
});
