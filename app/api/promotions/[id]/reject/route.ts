// POST /api/promotions/{id}/reject — reject (approver/admin of the target environment).
import { rejectPromotion } from "@/lib/server/promotions";
import { promotionActionRoute } from "@/lib/server/promotions/action-route";
import { decisionBodySchema } from "@/lib/server/promotions/api-schemas";

export const dynamic = "force-dynamic";

export const POST = promotionActionRoute("/api/promotions/[id]/reject", decisionBodySchema, rejectPromotion);
