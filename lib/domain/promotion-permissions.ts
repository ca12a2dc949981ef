// What the signed-in user may do on one promotion's page, with the reason when not — so a button
// is shown disabled with words instead of failing on click. The server re-checks every action;
// this only decides what the page offers. Pure.
import { can, type Principal } from "./roles";

export interface PromotionFacts {
  toEnvironment: string;
  status: string;
  requestedById: string;
  /** Users with a live (not voided) approval. */
  approverIds: string[];
}

export type Permission = { allowed: true } | { allowed: false; reason: string };

const AWAITING = new Set(["requested"]);
const CANCELLABLE = new Set(["requested", "approved"]);

const yes: Permission = { allowed: true };
const no = (reason: string): Permission => ({ allowed: false, reason });

export function approvePermission(p: Pick<Principal, "id" | "grants">, f: PromotionFacts): Permission {
  if (!AWAITING.has(f.status)) return no(`the promotion is ${f.status.replace(/_/g, " ")}, not awaiting approval`);
  if (!can(p, "promotion.approve", f.toEnvironment)) {
    return no(`approving in ${f.toEnvironment} needs the approver or admin role there`);
  }
  if (p.id === f.requestedById) return no("you requested this promotion; someone else must approve it (four eyes)");
  if (f.approverIds.includes(p.id)) return no("you already approved it; another approver is needed");
  return yes;
}

/** Rejecting needs the same role as approving, and the requester may not reject their own either (cancel instead). */
export function rejectPermission(p: Pick<Principal, "id" | "grants">, f: PromotionFacts): Permission {
  if (!AWAITING.has(f.status)) return no(`the promotion is ${f.status.replace(/_/g, " ")}, not awaiting approval`);
  if (!can(p, "promotion.approve", f.toEnvironment)) {
    return no(`rejecting in ${f.toEnvironment} needs the approver or admin role there`);
  }
  if (p.id === f.requestedById) return no("you requested this promotion: cancel it instead");
  return yes;
}

export function cancelPermission(p: Pick<Principal, "id">, f: PromotionFacts): Permission {
  if (p.id !== f.requestedById) return no("only the requester can cancel a promotion");
  if (!CANCELLABLE.has(f.status))
    return no(`the promotion is ${f.status.replace(/_/g, " ")}: it can no longer be cancelled`);
  return yes;
}
