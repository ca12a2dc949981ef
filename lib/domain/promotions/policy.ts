// Who may approve and when a promotion may execute, per target environment: four eyes (distinct
// approvers, never the requester), approver/admin roles of that environment (lib/domain/roles),
// approvals that expire, request expiry, freeze windows with an admin override, soak time. Pure.
import type { EnvironmentConfig } from "@/lib/catalog";
import { can, type EnvironmentScope, type Principal, rolesIn } from "../roles";
import { freezeStatus } from "./freeze";
import { type Refusal, refuse } from "./refusals";
import { soakStatus } from "./soak";
import { statusWords } from "./status";
import type { ApprovalRecord, Promotion, PromotionPolicy } from "./types";

/** A freeze override's written reason must say something: at least this many characters. */
export const MIN_OVERRIDE_REASON_LENGTH = 10;

export type Approver = Pick<Principal, "id" | "grants">;

/** The rules for promoting into `env`, from its catalog entry. */
export function promotionPolicy(env: EnvironmentConfig): PromotionPolicy {
  return {
    environment: env.name,
    protected: env.protected,
    approvalsRequired: env.approvalsRequired,
    approvalTtlMinutes: env.approvalTtlMinutes,
    requestTtlMinutes: env.requestTtlMinutes,
    minSoakMinutes: env.minSoakMinutes,
    freezeWindows: env.freezeWindows,
    autoSync: env.autoSync,
    verification: { ...env.verification },
  };
}

/** The environment a policy is for, as `can` checks it. */
export function scopeOf(policy: Pick<PromotionPolicy, "environment" | "protected">): EnvironmentScope {
  return { name: policy.environment, protected: policy.protected };
}

/** The policy of a catalog environment by name, or undefined when the catalog has no such environment. */
export function policyFor(
  catalog: { environments: readonly EnvironmentConfig[] },
  environment: string,
): PromotionPolicy | undefined {
  const env = catalog.environments.find((e) => e.name === environment);
  return env ? promotionPolicy(env) : undefined;
}

export function approvalExpiresAt(a: Pick<ApprovalRecord, "createdAt" | "expiresAt">, policy: PromotionPolicy): Date {
  return a.expiresAt ?? new Date(a.createdAt.getTime() + policy.approvalTtlMinutes * 60_000);
}

/**
 * Approvals a promotion needs: the target's approvalsRequired, or none for a rollback (an approver or
 * admin asks for it, and it restores a tag that already ran there successfully).
 */
export function approvalsRequiredFor(p: Pick<Promotion, "kind">, policy: PromotionPolicy): number {
  return p.kind === "rollback" ? 0 : policy.approvalsRequired;
}

export function requestExpiresAt(p: Pick<Promotion, "createdAt">, policy: PromotionPolicy): Date {
  return new Date(p.createdAt.getTime() + policy.requestTtlMinutes * 60_000);
}

export function isRequestExpired(p: Pick<Promotion, "createdAt">, policy: PromotionPolicy, now: Date): boolean {
  return now >= requestExpiresAt(p, policy);
}

export type ApprovalState = "valid" | "expired" | "voided" | "rejected" | "ignored" | "role_lost";

/**
 * What one approval record is worth now. "ignored": the requester's own (it can never count, even if
 * a row slipped in). "role_lost": its approver no longer holds approver or admin in the target
 * environment (a grant removed after they approved): it stops counting at once, and would count
 * again only if the role came back before it expired.
 */
export function approvalState(
  a: ApprovalRecord,
  p: Pick<Promotion, "requestedById">,
  policy: PromotionPolicy,
  now: Date,
): ApprovalState {
  if (a.approverId === p.requestedById) return "ignored";
  if (a.decision !== "approved") return "rejected";
  if (a.voidedAt) return "voided";
  if (!can({ grants: [...a.approverGrants] }, "promotion.approve", scopeOf(policy))) return "role_lost";
  if (now >= approvalExpiresAt(a, policy)) return "expired";
  return "valid";
}

export interface ApprovalProgress {
  required: number;
  /** Distinct people whose approval counts now. */
  valid: number;
  /** Distinct people whose approval expired (they may approve again). */
  expired: number;
  missing: number;
  validApproverIds: string[];
  expiredApproverIds: string[];
  canExecute: boolean;
  blockers: { code: Refusal["code"]; message: string; retryAt?: Date }[];
}

function distinct(ids: string[]): string[] {
  return [...new Set(ids)];
}

function approverIdsIn(p: Promotion, policy: PromotionPolicy, now: Date, state: ApprovalState): string[] {
  return distinct(p.approvals.filter((a) => approvalState(a, p, policy, now) === state).map((a) => a.approverId));
}

export function validApproverIds(p: Promotion, policy: PromotionPolicy, now: Date): string[] {
  return approverIdsIn(p, policy, now, "valid");
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

const when = (d: Date) => `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;

/** What the executor needs on top of the promotion: the health watch's view of the source. */
export interface ExecutionFacts {
  /** When the tag became Healthy in the source environment (and stayed so), or null when it is not. */
  healthySince: Date | null;
}

/**
 * Everything that stops the promotion executing now, most fundamental first. Empty = it may execute
 * (the state machine still decides whether it is in a state that executes).
 */
export function executionBlockers(p: Promotion, policy: PromotionPolicy, now: Date, facts: ExecutionFacts): Refusal[] {
  const out: Refusal[] = [];
  if (isRequestExpired(p, policy, now)) {
    out.push(
      refuse(
        "expired",
        `the request expired at ${when(requestExpiresAt(p, policy))} (requests are valid ${plural(policy.requestTtlMinutes, "minute")}); request it again`,
      ),
    );
  }
  // A rollback restores what ran before: no approvals, soak or freeze stand in its way (only its expiry).
  if (p.kind === "rollback") return out;
  const valid = validApproverIds(p, policy, now).length;
  if (valid < policy.approvalsRequired) {
    const expired = approverIdsIn(p, policy, now, "expired").length;
    const lost = approverIdsIn(p, policy, now, "role_lost").length;
    out.push(
      refuse(
        "approvals_missing",
        `${policy.environment} needs ${plural(policy.approvalsRequired, "approval")} from distinct approvers; ` +
          `${valid} valid` +
          (expired ? ` (${expired} expired after ${plural(policy.approvalTtlMinutes, "minute")}: approve again)` : "") +
          (lost
            ? ` (${plural(lost, "approver")} no longer ${lost === 1 ? "holds" : "hold"} the approver or admin role in ${policy.environment})`
            : ""),
      ),
    );
  }
  const freeze = freezeStatus(policy, now);
  if (freeze.frozen && !p.freezeOverride) {
    out.push(
      refuse(
        "frozen",
        `${policy.environment} is frozen (${freeze.window!.name}${freeze.window!.reason ? `: ${freeze.window!.reason}` : ""}) ` +
          `until ${when(freeze.until!)}; an admin can override with a written reason`,
        freeze.until!,
      ),
    );
  }
  const soak = soakStatus({ healthySince: facts.healthySince, minSoakMinutes: policy.minSoakMinutes, now });
  if (!soak.met) {
    out.push(
      soak.healthySince
        ? refuse(
            "soak_not_met",
            `${p.imageTag} has been Healthy in ${p.fromEnvironment} for ${soak.requiredMinutes - soak.remainingMinutes!} of the ` +
              `${soak.requiredMinutes} minutes ${policy.environment} requires; ready at ${when(soak.readyAt!)}`,
            soak.readyAt!,
          )
        : refuse(
            "soak_not_met",
            `${p.imageTag} is not Healthy in ${p.fromEnvironment}; it must be Healthy there for ` +
              `${plural(soak.requiredMinutes, "minute")} before it goes to ${policy.environment}`,
          ),
    );
  }
  return out;
}

export function approvalProgress(
  p: Promotion,
  policy: PromotionPolicy,
  now: Date,
  facts: ExecutionFacts,
): ApprovalProgress {
  const valid = validApproverIds(p, policy, now);
  // Someone whose approval expired and who approved again counts once, as valid.
  const expired = approverIdsIn(p, policy, now, "expired").filter((id) => !valid.includes(id));
  const blockers = executionBlockers(p, policy, now, facts).map(({ code, message, retryAt }) =>
    retryAt ? { code, message, retryAt } : { code, message },
  );
  const required = approvalsRequiredFor(p, policy);
  return {
    required,
    valid: valid.length,
    expired: expired.length,
    missing: Math.max(0, required - valid.length),
    validApproverIds: valid,
    expiredApproverIds: expired,
    canExecute: blockers.length === 0,
    blockers,
  };
}

export type Verdict = { ok: true } | { ok: false; code: Refusal["code"]; message: string };

/** Whether `principal` may approve (or reject: `action` changes only the words) `p` now. */
export function canApprove(
  principal: Approver,
  p: Promotion,
  policy: PromotionPolicy,
  now: Date,
  action: "approve" | "reject" = "approve",
): Verdict {
  const no = (r: Refusal): Verdict => ({ ok: false, code: r.code, message: r.message });
  if (p.status !== "requested" && !(action === "reject" && p.status === "approved")) {
    return no(
      refuse(
        "invalid_transition",
        p.status === "approved"
          ? `the promotion already has the approvals it needs (${policy.approvalsRequired})`
          : `the promotion is ${statusWords(p.status)}, not awaiting approval`,
      ),
    );
  }
  if (isRequestExpired(p, policy, now)) {
    return no(refuse("expired", `the request expired at ${when(requestExpiresAt(p, policy))}; request it again`));
  }
  if (!can(principal, "promotion.approve", scopeOf(policy))) {
    const held = rolesIn(principal, policy.environment);
    return no(
      refuse(
        "not_an_approver",
        `to ${action} in ${policy.environment} you need the approver or admin role there` +
          (held.length ? ` (you are ${held.join(", ")})` : ""),
      ),
    );
  }
  if (principal.id === p.requestedById) {
    return no(
      action === "approve"
        ? refuse("own_approval", "you requested this promotion; another person must approve it (four eyes)")
        : refuse("own_approval", "you requested this promotion: cancel it instead of rejecting it"),
    );
  }
  if (action === "approve" && validApproverIds(p, policy, now).includes(principal.id)) {
    return no(refuse("already_approved", "you already approved this promotion; it needs a different approver"));
  }
  return { ok: true };
}

/** Whether `principal` may lift a freeze for `p` with `reason`. */
export function canOverrideFreeze(principal: Approver, policy: PromotionPolicy, reason: string): Verdict {
  if (!rolesIn(principal, policy.environment).includes("admin")) {
    return { ok: false, code: "not_an_admin", message: `only an admin of ${policy.environment} can override a freeze` };
  }
  const written = reason.trim();
  if (written.length < MIN_OVERRIDE_REASON_LENGTH) {
    return {
      ok: false,
      code: "reason_required",
      message: `a freeze override needs a written reason of at least ${MIN_OVERRIDE_REASON_LENGTH} characters`,
    };
  }
  return { ok: true };
}
