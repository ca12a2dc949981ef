// Why a promotion step is refused: a stable code the HTTP layer maps to a 4xx (REFUSAL_HTTP_STATUS)
// and a message a person understands, naming the problem. Pure.

export const REFUSAL_CODES = [
  // request validation
  "unknown_application",
  "unknown_environment",
  "wrong_order",
  "no_newer_tag",
  "tag_not_in_source",
  "in_flight",
  "not_a_requester",
  // approvals
  "own_approval",
  "not_an_approver",
  "already_approved",
  "approvals_missing",
  // people-only steps
  "not_the_requester",
  "not_an_admin",
  "reason_required",
  "not_frozen",
  // time and the world
  "frozen",
  "soak_not_met",
  "expired",
  "not_expired",
  "superseded",
  "not_superseded",
  // executor input
  "invalid_input",
  // the state machine
  "invalid_transition",
] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

export interface Refusal {
  ok: false;
  code: RefusalCode;
  message: string;
  /** When trying again may succeed (a freeze ends, a soak completes): the executor reschedules at it. */
  retryAt?: Date;
}

export type Result<T> = ({ ok: true } & T) | Refusal;

export function refuse(code: RefusalCode, message: string, retryAt?: Date): Refusal {
  return retryAt ? { ok: false, code, message, retryAt } : { ok: false, code, message };
}

/**
 * The HTTP status each refusal maps to: 404 for what does not exist, 403 for who you are, 422 for a
 * request that can never be valid, 409 for a conflict with the current state of the world.
 */
export const REFUSAL_HTTP_STATUS: Record<RefusalCode, 400 | 403 | 404 | 409 | 422> = {
  unknown_application: 404,
  unknown_environment: 404,
  wrong_order: 422,
  no_newer_tag: 409,
  tag_not_in_source: 409,
  in_flight: 409,
  not_a_requester: 403,
  own_approval: 403,
  not_an_approver: 403,
  already_approved: 409,
  approvals_missing: 409,
  not_the_requester: 403,
  not_an_admin: 403,
  reason_required: 400,
  not_frozen: 409,
  frozen: 409,
  soak_not_met: 409,
  expired: 409,
  not_expired: 409,
  superseded: 409,
  not_superseded: 409,
  invalid_input: 400,
  invalid_transition: 409,
};
