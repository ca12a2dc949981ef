// POST /api/promotions/{id}/approve — approve (approver/admin of the target environment, never the requester).
import { approvePromotion } from "@/lib/server/promotions";
import { promotionActionRoute } from "@/lib/server/promotions/action-route";
import { decisionBodySchema } from "@/lib/server/promotions/api-schemas";

export const dynamic = "force-dynamic";

export const POST = promotionActionRoute("/api/promotions/[id]/approve", decisionBodySchema, approvePromotion);
