// POST /api/promotions/{id}/cancel — cancel (the requester, before the commit).
import { cancelPromotion } from "@/lib/server/promotions";
import { promotionActionRoute } from "@/lib/server/promotions/action-route";
import { cancelBodySchema } from "@/lib/server/promotions/api-schemas";

export const dynamic = "force-dynamic";

export const POST = promotionActionRoute("/api/promotions/[id]/cancel", cancelBodySchema, cancelPromotion);
