// The promotion state machine. Every step is a function (promotion, input, ctx) → the next promotion
// and the effects the service carries out in the same transaction, or a refusal naming why. A step
// refuses anything its state does not allow, so the service never writes an impossible history:
//
//   requested ─approve×N─▶ approved ─startCommit─▶ committing ─committed(sha)─▶ syncing ─synced─▶ verifying
//       │  ▲                  │  │                   │   │                       │                 │
//       │  └─approvalsLapsed──┘  │                   │   └─fail─▶ failed         │ startRollback   ├─verificationPassed─▶ succeeded
//       ├─reject / cancel / expire / supersede ──────┤                           ▼                 │
//       ▼                                            supersede            rolling_back ◀─verificationFailed
//   rejected · cancelled · expired · superseded                              ├─rolledBack(revertSha)─▶ rolled_back
//                                                                            └─fail─▶ failed
// Pure: time comes in ctx.now, the world (health, SHAs, verification samples) in the inputs.
import { freezeStatus } from "./freeze";
import {
  type Approver,
  approvalState,
  approvalsRequiredFor,
  canApprove,
  canOverrideFreeze,
  type ExecutionFacts,
  executionBlockers,
  isRequestExpired,
  requestExpiresAt,
  validApproverIds,
} from "./policy";
import { type Refusal, type Result, refuse } from "./refusals";
import { type PromotionStatus, statusWords } from "./status";
import type { ApprovalRecord, Ctx, Effect, Promotion, PromotionAuditAction, Transition } from "./types";
import type { VerificationResult } from "./verification";

export type StepResult = Result<Transition>;

/** The states each step may start from; anything else is refused with invalid_transition. */
export const ALLOWED_FROM = {
  approve: ["requested"],
  reject: ["requested", "approved"],
  cancel: ["requested", "approved"],
  expire: ["requested", "approved"],
  supersede: ["requested", "approved", "committing"],
  overrideFreeze: ["requested", "approved"],
  approvalsLapsed: ["approved"],
  startCommit: ["approved"],
  committed: ["committing"],
  syncStarted: ["syncing"],
  synced: ["syncing"],
  verificationPassed: ["verifying"],
  verificationFailed: ["verifying"],
  startRollback: ["syncing", "verifying"],
  rolledBack: ["rolling_back"],
  fail: ["committing", "rolling_back"],
} as const satisfies Record<string, readonly PromotionStatus[]>;
export type StepName = keyof typeof ALLOWED_FROM;

const STEP_WORDS: Record<StepName, string> = {
  approve: "approved",
  reject: "rejected",
  cancel: "cancelled",
  expire: "expired",
  supersede: "superseded",
  overrideFreeze: "given a freeze override",
  approvalsLapsed: "sent back for approval",
  startCommit: "committed",
  committed: "marked committed",
  syncStarted: "synced",
  synced: "marked synced",
  verificationPassed: "marked verified",
  verificationFailed: "marked as failing verification",
  startRollback: "rolled back",
  rolledBack: "marked rolled back",
  fail: "marked failed",
};

function wrongState(p: Promotion, step: StepName): Refusal | null {
  if ((ALLOWED_FROM[step] as readonly string[]).includes(p.status)) return null;
  return refuse("invalid_transition", `a ${statusWords(p.status)} promotion cannot be ${STEP_WORDS[step]}`);
}

function audit(
  action: PromotionAuditAction,
  p: Promotion,
  next: PromotionStatus,
  details: Record<string, unknown> = {},
) {
  return { type: "audit", action, details: { from: p.status, to: next, ...details } } satisfies Effect;
}

function moved(p: Promotion, status: PromotionStatus, patch: Partial<Promotion> = {}): Promotion {
  return { ...p, ...patch, status };
}

function ok(promotion: Promotion, effects: Effect[]): StepResult {
  return { ok: true, promotion, effects };
}

const schedule = (step: Extract<Effect, { type: "schedule" }>["step"], notBefore: Date | null = null): Effect => ({
  type: "schedule",
  step,
  notBefore,
});

/** Replaces `approverId`'s record (one per person: the approval table's unique key) or adds it. */
function withApproval(p: Promotion, record: ApprovalRecord): ApprovalRecord[] {
  return [...p.approvals.filter((a) => a.approverId !== record.approverId), record];
}

// ── people ──────────────────────────────────────────────────────────────────────────────────────

export interface ApproveInput {
  principal: Approver;
  comment?: string | null;
}

/**
 * Records `principal`'s approval (valid approvalTtlMinutes). The approval that completes the count
 * moves the promotion to approved and schedules the commit; the executor then checks freeze and soak.
 */
export function approve(p: Promotion, input: ApproveInput, ctx: Ctx): StepResult {
  const bad = wrongState(p, "approve");
  if (bad) return bad;
  const verdict = canApprove(input.principal, p, ctx.policy, ctx.now);
  if (!verdict.ok) return refuse(verdict.code, verdict.message);
  const record: ApprovalRecord = {
    approverId: input.principal.id,
    decision: "approved",
    comment: input.comment?.trim() || null,
    createdAt: ctx.now,
    expiresAt: new Date(ctx.now.getTime() + ctx.policy.approvalTtlMinutes * 60_000),
    voidedAt: null,
    approverGrants: input.principal.grants,
  };
  const next = { ...p, approvals: withApproval(p, record) };
  const valid = validApproverIds(next, ctx.policy, ctx.now).length;
  const complete = valid >= ctx.policy.approvalsRequired;
  const status: PromotionStatus = complete ? "approved" : "requested";
  const details = {
    approverId: record.approverId,
    comment: record.comment,
    expiresAt: record.expiresAt!.toISOString(),
    approvals: valid,
    required: ctx.policy.approvalsRequired,
  };
  return ok(moved(next, status), [
    audit("promotion.approved", p, status, details),
    { type: "notify", event: "approved" },
    ...(complete ? [schedule("commit")] : []),
  ]);
}

export interface RejectInput {
  principal: Approver;
  comment?: string | null;
}

export function reject(p: Promotion, input: RejectInput, ctx: Ctx): StepResult {
  const bad = wrongState(p, "reject");
  if (bad) return bad;
  const verdict = canApprove(input.principal, p, ctx.policy, ctx.now, "reject");
  if (!verdict.ok) return refuse(verdict.code, verdict.message);
  const record: ApprovalRecord = {
    approverId: input.principal.id,
    decision: "rejected",
    comment: input.comment?.trim() || null,
    createdAt: ctx.now,
    expiresAt: null,
    voidedAt: null,
    approverGrants: input.principal.grants,
  };
  return ok(moved({ ...p, approvals: withApproval(p, record) }, "rejected"), [
    audit("promotion.rejected", p, "rejected", { approverId: record.approverId, comment: record.comment }),
  ]);
}

export interface CancelInput {
  principal: Pick<Approver, "id">;
  reason?: string | null;
}

/** The requester withdraws the promotion; only before the executor starts the commit. */
export function cancel(p: Promotion, input: CancelInput, _ctx: Ctx): StepResult {
  if (!(ALLOWED_FROM.cancel as readonly string[]).includes(p.status)) {
    return refuse(
      "invalid_transition",
      `the promotion is ${statusWords(p.status)}: it can no longer be cancelled` +
        (p.status === "committing" || p.status === "syncing" || p.status === "verifying"
          ? " (the commit is under way; it rolls back by itself if it fails)"
          : ""),
    );
  }
  if (input.principal.id !== p.requestedById) {
    return refuse("not_the_requester", "only the person who requested a promotion can cancel it");
  }
  return ok(moved(p, "cancelled"), [
    audit("promotion.cancelled", p, "cancelled", { reason: input.reason?.trim() || null }),
  ]);
}

export interface OverrideFreezeInput {
  principal: Approver;
  reason: string;
}

/** An admin of the target environment lets this promotion through the freeze in force, in writing. */
export function overrideFreeze(p: Promotion, input: OverrideFreezeInput, ctx: Ctx): StepResult {
  const bad = wrongState(p, "overrideFreeze");
  if (bad) return bad;
  const verdict = canOverrideFreeze(input.principal, ctx.policy, input.reason);
  if (!verdict.ok) return refuse(verdict.code, verdict.message);
  const freeze = freezeStatus(ctx.policy, ctx.now);
  if (!freeze.frozen) {
    return refuse("not_frozen", `${ctx.policy.environment} is not frozen now: there is nothing to override`);
  }
  const freezeOverride = { byId: input.principal.id, reason: input.reason.trim(), at: ctx.now };
  return ok(moved({ ...p, freezeOverride }, p.status), [
    audit("promotion.freeze_overridden", p, p.status, {
      reason: freezeOverride.reason,
      window: freeze.window!.name,
      until: freeze.until!.toISOString(),
    }),
    ...(p.status === "approved" ? [schedule("commit")] : []),
  ]);
}

// ── time and the world ──────────────────────────────────────────────────────────────────────────

/** A request older than requestTtlMinutes that has not started executing expires. */
export function expire(p: Promotion, _input: Record<string, never>, ctx: Ctx): StepResult {
  const bad = wrongState(p, "expire");
  if (bad) return bad;
  if (!isRequestExpired(p, ctx.policy, ctx.now)) {
    return refuse(
      "not_expired",
      `the request is valid until ${requestExpiresAt(p, ctx.policy).toISOString()}; it cannot expire yet`,
    );
  }
  return ok(moved(p, "expired"), [
    audit("promotion.expired", p, "expired", { expiredAt: requestExpiresAt(p, ctx.policy).toISOString() }),
  ]);
}

export interface SupersedeInput {
  /** The target values file's blob SHA now. */
  currentTargetSha: string;
}

/**
 * The target values file moved since the request (someone else changed it): the diff people approved
 * is no longer the one that would be committed, so the promotion ends and its approvals are void.
 */
export function supersede(p: Promotion, input: SupersedeInput, ctx: Ctx): StepResult {
  const bad = wrongState(p, "supersede");
  if (bad) return bad;
  if (!input.currentTargetSha) return refuse("invalid_input", "the target values file's current blob SHA is required");
  if (p.targetValuesSha === input.currentTargetSha) {
    return refuse("not_superseded", "the target values file has not changed since the request");
  }
  const reason = `the target values file changed since the request (blob ${short(p.targetValuesSha)} → ${short(input.currentTargetSha)})`;
  const approvals = p.approvals.map((a) => (a.voidedAt || a.decision !== "approved" ? a : { ...a, voidedAt: ctx.now }));
  return ok(moved({ ...p, approvals, failureReason: reason }, "superseded"), [
    audit("promotion.superseded", p, "superseded", {
      reason,
      targetValuesSha: p.targetValuesSha,
      currentTargetSha: input.currentTargetSha,
    }),
    { type: "void_approvals", reason },
  ]);
}

function short(sha: string | null): string {
  return sha ? sha.slice(0, 12) : "unknown";
}

/** Approvals expired while the promotion waited (freeze, soak): it needs approving again. */
export function approvalsLapsed(p: Promotion, _input: Record<string, never>, ctx: Ctx): StepResult {
  const bad = wrongState(p, "approvalsLapsed");
  if (bad) return bad;
  const valid = validApproverIds(p, ctx.policy, ctx.now).length;
  const required = approvalsRequiredFor(p, ctx.policy);
  if (valid >= required) {
    return refuse("invalid_input", `the promotion still has ${valid} valid approvals of ${required}`);
  }
  const expired = p.approvals.filter((a) => approvalState(a, p, ctx.policy, ctx.now) === "expired").length;
  return ok(moved(p, "requested"), [
    audit("promotion.approvals_lapsed", p, "requested", { valid, expired, required }),
    { type: "notify", event: "approval_needed" },
  ]);
}

// ── the executor ────────────────────────────────────────────────────────────────────────────────

/**
 * The executor takes the promotion: all approvals valid, not expired, not frozen (or overridden), the
 * soak met. A refusal with retryAt (freeze end, soak complete) is worth retrying then; expired and
 * approvals_missing call for expire / approvalsLapsed instead.
 */
export function startCommit(p: Promotion, input: ExecutionFacts, ctx: Ctx): StepResult {
  const bad = wrongState(p, "startCommit");
  if (bad) return bad;
  const [blocker] = executionBlockers(p, ctx.policy, ctx.now, input);
  if (blocker) return blocker;
  const approvers = validApproverIds(p, ctx.policy, ctx.now);
  return ok(moved(p, "committing"), [
    audit("promotion.commit_started", p, "committing", {
      kind: p.kind ?? "promote",
      approvers,
      healthySince: input.healthySince?.toISOString() ?? null,
      freezeOverride: p.freezeOverride ? { byId: p.freezeOverride.byId, reason: p.freezeOverride.reason } : null,
    }),
  ]);
}

/**
 * The approvers a `promotion.commit_started` event's details name (startCommit writes them): what the
 * commit counted, which a later expiry or role change must not rewrite. Null for anything else.
 */
export function approversAtCommit(details: unknown): ReadonlySet<string> | null {
  const approvers = (details as { approvers?: unknown } | null | undefined)?.approvers;
  return Array.isArray(approvers) && approvers.every((a) => typeof a === "string") ? new Set(approvers) : null;
}

export interface CommittedInput {
  /** The pushed commit on the GitOps repository's branch. */
  commitSha: string;
}

const SHA = /^[0-9a-f]{7,64}$/;

/** The commit is pushed: manual-sync environments sync exactly it; auto-sync ones are watched. */
export function committed(p: Promotion, input: CommittedInput, ctx: Ctx): StepResult {
  const bad = wrongState(p, "committed");
  if (bad) return bad;
  if (!SHA.test(input.commitSha)) return refuse("invalid_input", `"${input.commitSha}" is not a git commit SHA`);
  const autoSync = ctx.policy.autoSync;
  return ok(moved({ ...p, commitSha: input.commitSha }, "syncing"), [
    audit("promotion.executed", p, "syncing", { commitSha: input.commitSha }),
    ...(autoSync ? [{ type: "notify", event: "deployed" } as const] : []),
    schedule(autoSync ? "watch" : "sync"),
  ]);
}

export interface SyncStartedInput {
  /** What Argo CD answered (operation phase, revision), kept on the audit event. */
  operation?: Record<string, unknown>;
}

/** The Argo CD sync of the commit was started (manual-sync environments). */
export function syncStarted(p: Promotion, input: SyncStartedInput, ctx: Ctx): StepResult {
  const bad = wrongState(p, "syncStarted");
  if (bad) return bad;
  if (ctx.policy.autoSync) {
    return refuse("invalid_input", `${ctx.policy.environment} syncs by itself; the portal does not start a sync there`);
  }
  return ok(p, [
    audit("promotion.sync_started", p, "syncing", { commitSha: p.commitSha, argocdOperation: input.operation ?? null }),
    { type: "notify", event: "deployed" },
    schedule("watch"),
  ]);
}

export interface SyncedInput {
  /** The revision Argo CD reports as synced. */
  revision: string;
  health: string;
  syncStatus: string;
}

/** Argo CD reports the commit Synced and Healthy: the verification window starts now. */
export function synced(p: Promotion, input: SyncedInput, ctx: Ctx): StepResult {
  const bad = wrongState(p, "synced");
  if (bad) return bad;
  if (input.syncStatus !== "Synced" || input.health !== "Healthy") {
    return refuse("invalid_input", `Argo CD reports ${input.syncStatus}/${input.health}, not Synced/Healthy`);
  }
  if (p.commitSha && input.revision !== p.commitSha) {
    return refuse(
      "invalid_input",
      `Argo CD synced ${short(input.revision)}, not the promotion's commit ${short(p.commitSha)}`,
    );
  }
  const { windowMinutes } = ctx.policy.verification;
  const verifyAt = new Date(ctx.now.getTime() + windowMinutes * 60_000);
  return ok(moved(p, "verifying"), [
    audit("promotion.synced", p, "verifying", { revision: input.revision, verifyAt: verifyAt.toISOString() }),
    schedule("verify", verifyAt),
  ]);
}

export interface VerificationInput {
  verification: VerificationResult;
}

function verificationDetails(v: VerificationResult) {
  return { verification: { passed: v.passed, summary: v.summary, checks: v.checks } };
}

export function verificationPassed(p: Promotion, input: VerificationInput, _ctx: Ctx): StepResult {
  const bad = wrongState(p, "verificationPassed");
  if (bad) return bad;
  if (!input.verification.passed) return refuse("invalid_input", "the verification did not pass");
  return ok(moved(p, "succeeded"), [
    audit("promotion.succeeded", p, "succeeded", verificationDetails(input.verification)),
    { type: "notify", event: "succeeded" },
  ]);
}

export function verificationFailed(p: Promotion, input: VerificationInput, _ctx: Ctx): StepResult {
  const bad = wrongState(p, "verificationFailed");
  if (bad) return bad;
  if (input.verification.passed) return refuse("invalid_input", "the verification passed");
  const reason = input.verification.summary;
  return ok(moved({ ...p, failureReason: reason }, "rolling_back"), [
    audit("promotion.rollback_started", p, "rolling_back", {
      cause: "verification_failed",
      reason,
      ...verificationDetails(input.verification),
    }),
    schedule("rollback"),
  ]);
}

/** verificationPassed or verificationFailed, by the result. */
export function concludeVerification(p: Promotion, input: VerificationInput, ctx: Ctx): StepResult {
  return input.verification.passed ? verificationPassed(p, input, ctx) : verificationFailed(p, input, ctx);
}

export const ROLLBACK_CAUSES = ["degraded", "sync_failed", "timeout"] as const;
export type RollbackCause = (typeof ROLLBACK_CAUSES)[number];

export interface StartRollbackInput {
  cause: RollbackCause;
  /** What happened, for people: "Degraded: pod nura-core-7f… CrashLoopBackOff". */
  reason: string;
}

/** The deploy went wrong after the commit was pushed: revert it. */
export function startRollback(p: Promotion, input: StartRollbackInput, _ctx: Ctx): StepResult {
  const bad = wrongState(p, "startRollback");
  if (bad) return bad;
  if (!(ROLLBACK_CAUSES as readonly string[]).includes(input.cause)) {
    return refuse("invalid_input", `unknown rollback cause "${input.cause}"`);
  }
  const reason = input.reason.trim();
  if (!reason) return refuse("invalid_input", "a rollback needs a reason people can read");
  return ok(moved({ ...p, failureReason: reason }, "rolling_back"), [
    audit("promotion.rollback_started", p, "rolling_back", { cause: input.cause, reason }),
    schedule("rollback"),
  ]);
}

export interface RolledBackInput {
  /** The pushed revert commit. */
  revertSha: string;
}

export function rolledBack(p: Promotion, input: RolledBackInput, _ctx: Ctx): StepResult {
  const bad = wrongState(p, "rolledBack");
  if (bad) return bad;
  if (!SHA.test(input.revertSha)) return refuse("invalid_input", `"${input.revertSha}" is not a git commit SHA`);
  return ok(moved({ ...p, revertSha: input.revertSha }, "rolled_back"), [
    audit("promotion.rolled_back", p, "rolled_back", { revertSha: input.revertSha, reason: p.failureReason }),
    { type: "notify", event: "rolled_back" },
  ]);
}

export interface FailInput {
  reason: string;
}

/**
 * The executor cannot go on: the push was refused (nothing changed in the target), or the rollback
 * itself failed (a person must look). The reason is shown on the page and in Slack.
 */
export function fail(p: Promotion, input: FailInput, _ctx: Ctx): StepResult {
  const bad = wrongState(p, "fail");
  if (bad) return bad;
  const given = input.reason.trim();
  if (!given) return refuse("invalid_input", "a failure needs a reason people can read");
  const reason =
    p.status === "rolling_back" && p.failureReason ? `${p.failureReason}; rollback failed: ${given}` : given;
  return ok(moved({ ...p, failureReason: reason }, "failed"), [
    audit("promotion.failed", p, "failed", { reason, during: p.status }),
    { type: "notify", event: "failed" },
  ]);
}

/** Every step by name, for the table test and for a job handler that dispatches on a step name. */
export const STEPS = {
  approve,
  reject,
  cancel,
  expire,
  supersede,
  overrideFreeze,
  approvalsLapsed,
  startCommit,
  committed,
  syncStarted,
  synced,
  verificationPassed,
  verificationFailed,
  startRollback,
  rolledBack,
  fail,
} as const satisfies Record<StepName, (p: Promotion, input: never, ctx: Ctx) => StepResult>;
