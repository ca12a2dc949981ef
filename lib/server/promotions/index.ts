import "server-only";
import type { Principal } from "@/lib/domain/roles";
import type { RequestContext } from "@/lib/http/request-context";
// The promotion service for routes: requests from people (session) and from Jenkins (service
// token), approvals, rejections, cancellations, rollbacks, and the reads of the API.
import { auditContext } from "@/lib/server/audit/audited-action";
import { type ServiceCaller, serviceActor } from "@/lib/server/service-tokens";
import type { Caller, UserCaller } from "./service";

export { promotionDeps } from "./deps";
export { getPromotionDetail, listPromotions, listPromotionsQuerySchema, toPromotionDto } from "./read";
export {
  approvePromotion,
  cancelPromotion,
  rejectPromotion,
  requestPromotion,
  rollbackToPromotion,
} from "./service";

export function userCaller(principal: Principal, ctx: RequestContext): UserCaller {
  const a = auditContext(principal, ctx);
  return { kind: "user", principal, actor: a.actor, correlationId: a.correlationId };
}

export function tokenCaller(token: ServiceCaller, ctx: RequestContext): Caller {
  return { kind: "service_token", token, actor: serviceActor(token, ctx), correlationId: ctx.requestId };
}
