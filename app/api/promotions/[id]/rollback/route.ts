// POST /api/promotions/{id}/rollback — roll the environment back to this succeeded promotion's tag (a new promotion).
import { rollbackToPromotion } from "@/lib/server/promotions";
import { promotionActionRoute } from "@/lib/server/promotions/action-route";
import { rollbackBodySchema } from "@/lib/server/promotions/api-schemas";

export const dynamic = "force-dynamic";

export const POST = promotionActionRoute("/api/promotions/[id]/rollback", rollbackBodySchema, rollbackToPromotion, 201);
