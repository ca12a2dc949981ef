// GET /api/promotion-views/{id} — the promotion page's live data (polled while it runs), including
// what the caller may do on it. The promotion's own API (/api/promotions) changes it; this only reads.
import { requireApiPrincipal } from "@/lib/auth/session";
import { notFound } from "@/lib/http/errors";
import { pathParams } from "@/lib/http/params";
import { route } from "@/lib/http/route";
import { loadPromotionView } from "@/lib/server/promotion-views";
import { promotionViewParamsSchema } from "@/lib/server/promotion-views/api-schemas";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ id: string }> };

export const GET = route<Ctx>("/api/promotion-views/[id]", async (_request, { params }) => {
  const principal = await requireApiPrincipal("portal.view");
  const { id } = await pathParams(promotionViewParamsSchema, params);
  const view = await loadPromotionView(id, principal);
  if (!view) throw notFound(`No promotion ${id}`);
  return Response.json(view, { headers: { "cache-control": "no-store" } });
});
