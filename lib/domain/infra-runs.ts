// Rules of OpenTofu plan/apply runs. Pure: no I/O. lib/server/infra asks these before every state
// change, so the page, the API and the tests agree on when a plan can be approved or applied.
import type { PlanRules } from "./plan-rules";

export const RUN_KINDS = ["plan", "apply"] as const;
export type RunKind = (typeof RUN_KINDS)[number];

/** pending (row written, Jenkins not yet asked) → queued (queue item) → running (build N) → end. */
export const RUN_STATUSES = ["pending", "queued", "running", "succeeded", "failed", "aborted"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/**
 * Why a run was started: a user's plan or apply, the scheduled drift check, or a drift check a
 * platform engineer asked for now ("Check drift", e.g. after a change made by hand in AWS).
 */
export const RUN_TRIGGERS = ["user", "schedule", "drift"] as const;
export type RunTrigger = (typeof RUN_TRIGGERS)[number];

/** A drift check's plan: its changes are drift (what AWS has that the configuration does not say). */
export function isDriftCheck(trigger: string): boolean {
  return trigger === "schedule" || trigger === "drift";
}
export const DRIFT_TRIGGERS: RunTrigger[] = RUN_TRIGGERS.filter(isDriftCheck);

const TERMINAL: ReadonlySet<string> = new Set(["succeeded", "failed", "aborted"]);
export function isTerminal(status: string): boolean {
  return TERMINAL.has(status);
}

export interface PlanRunFacts {
  id: string;
  environment: string;
  kind: string;
  status: string;
  hasChanges: boolean | null;
  planSha256: string | null;
  requestedById: string | null;
  approvedById: string | null;
  finishedAt: Date | null;
}

export interface PlanContext {
  now: Date;
  ttlMinutes: number;
  /** The latest apply of the environment that started after this plan was made (any outcome but a refusal before it ran). */
  laterApply: { id: string; planRunId: string | null; status: string } | null;
}

export type Refusal = { code: "bad_request" | "conflict" | "forbidden"; message: string };

export function planExpiresAt(plan: Pick<PlanRunFacts, "finishedAt">, ttlMinutes: number): Date | null {
  return plan.finishedAt ? new Date(plan.finishedAt.getTime() + ttlMinutes * 60_000) : null;
}

/** Why this plan cannot be approved or applied any more (or yet), or null when it can. */
export function planUnusable(plan: PlanRunFacts, ctx: PlanContext): Refusal | null {
  if (plan.kind !== "plan")
    return { code: "bad_request", message: `run ${plan.id} is not a plan (it is an ${plan.kind})` };
  if (plan.status !== "succeeded") {
    return { code: "conflict", message: `plan ${plan.id} has not produced a plan (status ${plan.status})` };
  }
  if (!plan.planSha256) return { code: "conflict", message: `plan ${plan.id} has no recorded plan sha256` };
  if (plan.hasChanges !== true) {
    return { code: "bad_request", message: `plan ${plan.id} is empty (no changes): there is nothing to apply` };
  }
  if (ctx.laterApply) {
    return ctx.laterApply.planRunId === plan.id
      ? { code: "conflict", message: `plan ${plan.id} was already applied (apply ${ctx.laterApply.id})` }
      : {
          code: "conflict",
          message: `plan ${plan.id} expired: apply ${ctx.laterApply.id} ran for ${plan.environment} after it; plan again`,
        };
  }
  const expires = planExpiresAt(plan, ctx.ttlMinutes);
  if (expires && ctx.now > expires) {
    return {
      code: "conflict",
      message: `plan ${plan.id} expired at ${expires.toISOString()} (plans are valid ${ctx.ttlMinutes} min); plan again`,
    };
  }
  return null;
}

/** Who may approve: not the requester where the catalog asks for four eyes (`fourEyesPlans`), and not twice. */
export function approvalRefusal(
  plan: PlanRunFacts,
  approverId: string,
  rules: Pick<PlanRules, "fourEyesPlans">,
): Refusal | null {
  if (plan.approvedById) return { code: "conflict", message: `plan ${plan.id} is already approved` };
  if (rules.fourEyesPlans && plan.requestedById === approverId) {
    return {
      code: "forbidden",
      message: `you requested plan ${plan.id}: in ${plan.environment} another approver must approve it`,
    };
  }
  return null;
}

/** Apply needs an approval on top of everything planUnusable checks. */
export function applyRefusal(plan: PlanRunFacts, ctx: PlanContext): Refusal | null {
  const unusable = planUnusable(plan, ctx);
  if (unusable) return unusable;
  if (!plan.approvedById)
    return { code: "conflict", message: `plan ${plan.id} needs an approval before it can be applied` };
  return null;
}

const SHA256 = /^[0-9a-f]{64}$/;
/** plan.sha256 as the plan job writes it (`sha256sum` output, first field). */
export function parseSha256File(text: string): string | null {
  const first = text.trim().split(/\s+/)[0] ?? "";
  return SHA256.test(first) ? first : null;
}

/**
 * The reason a failed build gives, for the page: the last `ERROR: …` line the CI scripts print
 * (scripts/ci/lib.sh die), e.g. the toolchain check or the apply's sha256 refusal.
 */
export function failureFromConsole(text: string): string | null {
  const lines = text.split("\n");
  let fallback: string | null = null;
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!.trim();
    const m = /^ERROR: (.+)$/.exec(line);
    if (!m) continue;
    // Jenkins' own "ERROR: script returned exit code N" follows the script's reason: prefer the reason.
    if (/^script returned exit code \d+$/.test(m[1]!)) {
      fallback ??= m[1]!;
      continue;
    }
    return m[1]!;
  }
  return fallback;
}

/** Advice shown next to a failure the user can fix. */
export function failureHint(reason: string | null): string | null {
  if (!reason) return null;
  if (/make toolchain/.test(reason))
    return "The Jenkins agent has no OpenTofu toolchain: run `make toolchain` on it, then plan again.";
  if (/REFUSED: plan sha256 mismatch/.test(reason)) {
    return "The plan file in Jenkins is not the one that was approved. Plan again and approve the new plan.";
  }
  return null;
}

/**
 * The cron of a drift check every `minutes` (UTC): every N minutes below an hour, every N hours
 * from there (rounded to whole hours, at most daily). 0 means off (null).
 */
export function driftCron(minutes: number): string | null {
  if (!Number.isInteger(minutes) || minutes <= 0) return null;
  if (minutes < 60) return `*/${minutes} * * * *`;
  const hours = Math.min(24, Math.round(minutes / 60));
  return hours >= 24 ? "0 0 * * *" : `0 */${hours} * * *`;
}
