// GET /api/promotion-views/{id} — the promotion page's live data (polled while it runs). The
// promotion's own API (/api/promotions) changes it; this only reads what the page shows.
import { z } from "zod";
import { requireApiPrincipal } from "@/lib/auth/session";
import { notFound } from "@/lib/http/errors";
import { route } from "@/lib/http/route";
import { loadPromotionView } from "@/lib/server/promotion-views";

export const dynamic = "force-dynamic";

const idSchema = z.uuid({ error: "must be a promotion id (UUID)" });
type Ctx = { params: Promise<{ id: string }> };

export const GET = route<Ctx>("/api/promotion-views/[id]", async (_request, { params }) => {
  await requireApiPrincipal("portal.view");
  const id = idSchema.parse((await params).id);
  const view = await loadPromotionView(id);
  if (!view) throw notFound(`No promotion ${id}`);
  return Response.json(view, { headers: { "cache-control": "no-store" } });
});
