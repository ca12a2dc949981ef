import "server-only";
// Plan, approve, apply, abort and force-unlock. Each one checks the caller's role for the
// environment (a refusal is audited as "denied"), then writes its state change and audit event in
// one transaction. A call to Jenkins follows the same rule as lib/server/audit's auditedAction —
// an "intent" event committed first (no audit, no call: 503), the outcome after — except that the
// outcome here is itself a state change (run queued/aborted, lock freed), so it commits in the
// same transaction as its event instead of in one of its own.
import { environmentScope, findEnvironment, planRulesOf } from "@/lib/catalog";
import type { DbTx } from "@/lib/db";
import type { AuditAction } from "@/lib/domain/audit-actions";
import {
  applyRefusal,
  approvalRefusal,
  parseSha256File,
  planUnusable,
  type Refusal,
  type RunTrigger,
} from "@/lib/domain/infra-runs";
import {
  evaluatePlanPolicy,
  type PlanPolicyResult,
  type PlanSummary,
  unmetRequirements,
} from "@/lib/domain/plan-review";
import type { PlanRules } from "@/lib/domain/plan-rules";
import { type Action, can, rolesIn } from "@/lib/domain/roles";
import type { InfraRun } from "@/lib/generated/prisma/client";
import {
  AppError,
  badRequest,
  forbidden,
  IntegrationError,
  isAppError,
  isIntegrationError,
  notFound,
  serviceUnavailable,
} from "@/lib/http/errors";
import { recordAudit } from "@/lib/server/audit/record";
import { auditRun } from "./audit";
import { acquireLock, forceUnlock, releaseLock } from "./locks";
import { findRun, planContext, planFacts } from "./runs";
import type { Caller, InfraDeps } from "./types";

function refuse(r: Refusal): never {
  throw new AppError(r.code, r.message);
}

async function knownEnvironment(deps: InfraDeps, environment: string): Promise<string> {
  const catalog = await deps.catalog();
  const env = findEnvironment(catalog, environment);
  if (!env) {
    throw notFound(
      `unknown environment "${environment.slice(0, 60)}" (known: ${catalog.environments.map((e) => e.name).join(", ")})`,
    );
  }
  return env.name;
}

const AUDITED_AS: Record<string, AuditAction> = {
  "infra.plan": "infra.plan",
  "infra.approve": "infra.apply_approved",
  "infra.apply": "infra.apply_requested",
  "infra.unlock": "infra.unlock",
};

/** The role check; a refusal is recorded as a "denied" event before the 403 is thrown. */
async function authorize(deps: InfraDeps, caller: Caller, action: Action, environment: string, runId?: string) {
  if (!caller.principal) return; // the drift schedule: the portal itself
  if (can(caller.principal, action, environmentScope(await deps.catalog(), environment))) return;
  const err = forbidden(`your role may not ${action} in ${environment}`);
  await deps.db.$transaction((tx) =>
    recordAudit(tx, {
      action: AUDITED_AS[action] ?? "infra.abort",
      outcome: "denied",
      actor: caller.actor,
      environment,
      target: runId ? { type: "infra_run", id: runId } : { type: "environment", id: environment },
      correlationId: caller.correlationId ?? null,
      details: { error: err.message },
    }),
  );
  throw err;
}

/** Commits the state change with its intent event; an audit that cannot be written refuses the action. */
async function withIntent<T>(deps: InfraDeps, what: string, fn: (tx: DbTx) => Promise<T>): Promise<T> {
  try {
    return await deps.db.$transaction(fn);
  } catch (err) {
    if (isAppError(err)) throw err;
    throw serviceUnavailable(`The audit log cannot be written, so ${what} was refused; try again shortly`);
  }
}

const who = (caller: Caller) => caller.principal?.name || caller.principal?.email || "drift schedule";

/**
 * Creates the run and takes the lock (one transaction, audited), then asks Jenkins to build the
 * job. A Jenkins failure marks the run failed, frees the lock and is audited, then rethrown.
 */
async function startRun(
  deps: InfraDeps,
  caller: Caller,
  init: {
    environment: string;
    kind: "plan" | "apply";
    job: string;
    trigger: string;
    planRunId?: string;
    planSha256?: string;
  },
  params: (run: InfraRun) => Record<string, string>,
): Promise<InfraRun> {
  const action = init.kind === "plan" ? "infra.plan" : "infra.apply_requested";
  const run = await withIntent(deps, action, async (tx) => {
    const created = await tx.infraRun.create({
      data: {
        environment: init.environment,
        kind: init.kind,
        status: "pending",
        trigger: init.trigger,
        requestedById: caller.principal?.id ?? null,
        requestedBy: who(caller),
        jenkinsJob: init.job,
        planRunId: init.planRunId ?? null,
        planSha256: init.planSha256 ?? null,
      },
    });
    await acquireLock(
      tx,
      {
        environment: init.environment,
        runId: created.id,
        holderId: caller.principal?.id ?? null,
        holderName: who(caller),
      },
      deps.config.lockTtlSeconds,
    );
    await deps.enqueueTracking?.(tx, created.id);
    await auditRun(tx, caller, action, "intent", created, { phase: "requested" });
    return created;
  });

  let queueId: number;
  try {
    ({ queueId } = await deps.jenkins.triggerBuild(init.job, params(run)));
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    await deps.db.$transaction(async (tx) => {
      const failed = await tx.infraRun.update({
        where: { id: run.id },
        data: {
          status: "failed",
          failureReason: `Jenkins did not start ${init.job}: ${reason}`,
          finishedAt: new Date(),
        },
      });
      await releaseLock(tx, run.environment, run.id);
      await auditRun(tx, caller, action, "failure", failed, { phase: "trigger", error: reason.slice(0, 500) });
    });
    deps.countEvent?.(action, run.environment, "failure");
    throw err;
  }
  const queued = await deps.db.$transaction(async (tx) => {
    const q = await tx.infraRun.update({ where: { id: run.id }, data: { status: "queued", queueId } });
    await auditRun(tx, caller, action, "success", q, { phase: "triggered", queueId });
    return q;
  });
  deps.countEvent?.(action, run.environment, "success");
  return queued;
}

export async function requestPlan(
  deps: InfraDeps,
  caller: Caller,
  input: { environment: string; trigger?: RunTrigger },
): Promise<InfraRun> {
  const environment = await knownEnvironment(deps, input.environment);
  await authorize(deps, caller, "infra.plan", environment);
  return startRun(
    deps,
    caller,
    { environment, kind: "plan", job: deps.config.planJob, trigger: input.trigger ?? "user" },
    () => ({ ENVIRONMENT: environment, REQUESTED_BY: who(caller) }),
  );
}

/** Records an approval of a plan (not by its requester where the catalog says fourEyesPlans). Policy checks come from plan review. */
export async function approvePlan(
  deps: InfraDeps,
  caller: Caller & { principal: NonNullable<Caller["principal"]> },
  input: { runId: string; reason?: string | null },
): Promise<InfraRun> {
  const plan = await findRun(deps.db, input.runId);
  await authorize(deps, caller, "infra.approve", plan.environment, plan.id);
  const ctx = await planContext(deps.db, plan, deps.config);
  const rules = planRulesOf(await deps.catalog(), plan.environment);
  const unusable =
    planUnusable(planFacts(plan), ctx) ??
    approvalRefusal(planFacts(plan), caller.principal.id, rules) ??
    policyRefusal(plan, rules, { roles: rolesIn(caller.principal, plan.environment), reason: input.reason });
  if (unusable) {
    await deps.db.$transaction((tx) =>
      auditRun(tx, caller, "infra.apply_approved", "denied", plan, { reason: unusable.message }),
    );
    refuse(unusable);
  }
  return deps.db.$transaction(async (tx) => {
    const n = await tx.infraRun.updateMany({
      where: { id: plan.id, approvedById: null },
      data: {
        approvedById: caller.principal.id,
        approvedBy: who(caller),
        approvedAt: new Date(),
        approvalReason: input.reason?.trim() || null,
      },
    });
    if (n.count === 0) refuse({ code: "conflict", message: `plan ${plan.id} is already approved` });
    const approved = await tx.infraRun.findUniqueOrThrow({ where: { id: plan.id } });
    await auditRun(tx, caller, "infra.apply_approved", "success", approved, {
      approverRoles: rolesIn(caller.principal, plan.environment).join(","),
      reason: approved.approvalReason,
    });
    return approved;
  });
}

/** plan-review's policy of the summary stored with the plan (null: the plan has none). */
function planPolicy(plan: InfraRun, rules: PlanRules): PlanPolicyResult | null {
  return plan.summary ? evaluatePlanPolicy(plan.summary as unknown as PlanSummary, rules) : null;
}

/** A policy violation refuses the plan, whoever approves or applies it. */
function violationRefusal(policy: PlanPolicyResult | null): Refusal | null {
  const violation = policy?.violations[0];
  return violation ? { code: "conflict", message: violation.message } : null;
}

/** plan-review's policy: violations refuse the plan, requirements must be met by the approval. */
function policyRefusal(
  plan: InfraRun,
  rules: PlanRules,
  approval: Parameters<typeof unmetRequirements>[1],
): Refusal | null {
  const policy = planPolicy(plan, rules);
  if (!policy) return { code: "conflict", message: `plan ${plan.id} has no summary to review` };
  const violation = violationRefusal(policy);
  if (violation) return violation;
  const unmet = unmetRequirements(policy, approval)[0];
  return unmet ? { code: "forbidden", message: unmet.message } : null;
}

/**
 * Applies an approved plan: nura-infra-apply with the plan's build number and the sha256 recorded
 * when the plan finished. The recorded hash is compared with the plan build's plan.sha256 artifact
 * first (a re-archived plan is refused here); the job itself refuses a plan file that hashes
 * differently (scripts/ci/tofu-apply.sh), which the run page shows as the apply's failure.
 */
export async function requestApply(deps: InfraDeps, caller: Caller, input: { planRunId: string }): Promise<InfraRun> {
  const plan = await findRun(deps.db, input.planRunId);
  if (plan.kind !== "plan") throw badRequest(`run ${plan.id} is not a plan (it is an ${plan.kind})`);
  await authorize(deps, caller, "infra.apply", plan.environment, plan.id);
  const refusal =
    applyRefusal(planFacts(plan), await planContext(deps.db, plan, deps.config)) ??
    violationRefusal(planPolicy(plan, planRulesOf(await deps.catalog(), plan.environment)));
  if (refusal) {
    await deps.db.$transaction((tx) =>
      auditRun(tx, caller, "infra.apply_requested", "denied", plan, { reason: refusal.message }),
    );
    refuse(refusal);
  }
  const archived = await deps.jenkins
    .getArtifact(plan.jenkinsJob ?? deps.config.planJob, plan.buildNumber!, "artifacts/plan.sha256")
    .then(parseSha256File)
    .catch((err: unknown) => {
      throw isIntegrationError(err) ? err : new IntegrationError("jenkins", null, String(err));
    });
  if (archived !== plan.planSha256) {
    const message = `plan hash mismatch: approved ${plan.planSha256}, but build #${plan.buildNumber}'s plan.sha256 is now ${archived ?? "unreadable"}; plan again`;
    await deps.db.$transaction((tx) =>
      auditRun(tx, caller, "infra.apply_requested", "denied", plan, { reason: message }),
    );
    refuse({ code: "conflict", message });
  }
  return startRun(
    deps,
    caller,
    {
      environment: plan.environment,
      kind: "apply",
      job: deps.config.applyJob,
      trigger: "user",
      planRunId: plan.id,
      planSha256: plan.planSha256!,
    },
    () => ({
      ENVIRONMENT: plan.environment,
      PLAN_RUN_ID: String(plan.buildNumber),
      PLAN_SHA256: plan.planSha256!,
      APPROVED_BY: plan.approvedBy ?? "",
    }),
  );
}

/** Stops the run's Jenkins build (or its queue item), marks it aborted and frees the lock. */
export async function abortRun(deps: InfraDeps, caller: Caller, input: { runId: string }): Promise<InfraRun> {
  const run = await findRun(deps.db, input.runId);
  const own = caller.principal?.id !== undefined && caller.principal.id === run.requestedById;
  if (!own) await authorize(deps, caller, run.kind === "plan" ? "infra.plan" : "infra.apply", run.environment, run.id);
  if (run.status === "succeeded" || run.status === "failed" || run.status === "aborted") {
    refuse({ code: "conflict", message: `run ${run.id} already ended (${run.status})` });
  }
  await withIntent(deps, "infra.abort", (tx) =>
    auditRun(tx, caller, "infra.abort", "intent", run, { phase: "requested" }),
  );
  try {
    const job = run.jenkinsJob ?? (run.kind === "plan" ? deps.config.planJob : deps.config.applyJob);
    // The row may not know the build number yet: the queue item may have started a build since.
    let build = run.buildNumber;
    if (build === null && run.queueId !== null) {
      let q = await deps.jenkins.getQueueItem(run.queueId);
      if (q.state === "queued") {
        await deps.jenkins.cancelQueueItem(run.queueId);
        // Jenkins may have started the build between the read and the cancel, which then does nothing:
        // look again, or that build runs to its end holding the environment's Jenkins lock.
        q = await deps.jenkins.getQueueItem(run.queueId);
      }
      if (q.state === "started") build = q.buildNumber;
    }
    if (build !== null) await deps.jenkins.stopBuild(job, build);
  } catch (err) {
    await deps.db.$transaction((tx) =>
      auditRun(tx, caller, "infra.abort", "failure", run, {
        error: err instanceof Error ? err.message.slice(0, 500) : String(err),
      }),
    );
    throw err;
  }
  return deps.db.$transaction(async (tx) => {
    await tx.infraRun.updateMany({
      where: { id: run.id, status: { in: ["pending", "queued", "running"] } },
      data: { status: "aborted", finishedAt: new Date(), failureReason: `aborted by ${who(caller)}` },
    });
    const aborted = await tx.infraRun.findUniqueOrThrow({ where: { id: run.id } });
    const released = await releaseLock(tx, run.environment, run.id);
    await auditRun(tx, caller, "infra.abort", "success", aborted, { phase: "stopped", lockReleased: released });
    deps.countEvent?.("infra.abort", run.environment, "success");
    return aborted;
  });
}

/** Admin force-unlock with a written reason (audited with what was held and by whom). */
export async function unlockEnvironment(
  deps: InfraDeps,
  caller: Caller,
  input: { environment: string; reason: string },
): Promise<{ released: boolean }> {
  const environment = await knownEnvironment(deps, input.environment);
  await authorize(deps, caller, "infra.unlock", environment);
  const reason = input.reason.trim();
  if (reason.length < 10) throw badRequest("reason: say why the lock is forced (at least 10 characters)");
  return deps.db.$transaction(async (tx) => {
    const dropped = await forceUnlock(tx, environment);
    await recordAudit(tx, {
      action: "infra.unlock",
      outcome: "success",
      actor: caller.actor,
      environment,
      target: { type: "environment", id: environment },
      correlationId: caller.correlationId ?? null,
      details: {
        reason,
        released: dropped !== null,
        runId: dropped?.runId ?? null,
        holder: dropped?.holderName ?? null,
      },
    });
    return { released: dropped !== null };
  });
}
