// The promotion executor: one job per promotion ("promotion.execute"), run by whichever portal
// process fetches it, walks approved → committing → syncing → verifying → succeeded, or on trouble
// rolling_back → rolled_back (the rules in lib/domain/promotions decide each step). Every step:
//   1. holds the promotion's lease (lease_owner = this job's id), so two processes never work one
//      promotion at once, and a killed holder's retried job (same id) takes over at once;
//   2. records its upstream intent before the call and its outcome after (auditedAction);
//   3. writes the state change, its audit event and its Slack message in one transaction, guarded
//      on the status it started from and on the lease, before the next step starts.
// So a restart resumes from the last recorded step: a commit already on the remote is found by
// its Promotion-Id, a sync already asked for is watched rather than asked again.
import type { Catalog } from "@/lib/catalog";
import type { DbTx } from "@/lib/db";
import type { JsonValue } from "@/lib/domain/audit-chain";
import { keyMetricQueries } from "@/lib/domain/metric-queries";
import {
  approvalsLapsed,
  committed,
  concludeVerification,
  EXECUTING_STATUSES,
  evaluateVerification,
  expire,
  fail,
  policyFor,
  type Refusal,
  type RollbackCause,
  rolledBack,
  type StepResult,
  startCommit,
  startRollback,
  supersede,
  synced,
  syncStarted,
  validApproverIds,
} from "@/lib/domain/promotions";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { AppStatus } from "@/lib/integrations/argocd/api";
import type { AuditContext } from "@/lib/server/audit/audited-action";
import { SYSTEM_ACTOR } from "@/lib/server/audit/record";
import type { Notifier } from "./notify";
import { applyTransition, type PromotionRow, promotionInclude, toDomain, withApproverGrants } from "./persist";
import type { ExecutorDeps, PushedCommit } from "./ports";

export type { PromotionRow } from "./persist";

/** States the executor works; any other state means there is nothing left to do. */
export const EXECUTING_STATES = ["approved", ...EXECUTING_STATUSES] as const;
export type ExecutingState = (typeof EXECUTING_STATES)[number];

/** The executor's states whose step asks the rules about approvals (and so needs the approvers' roles). */
const COUNTS_APPROVALS: ReadonlySet<string> = new Set<ExecutingState>(["approved", "committing"]);

const SYSTEM_CONTEXT = (promotionId: string): AuditContext => ({
  principal: null,
  actor: SYSTEM_ACTOR,
  correlationId: `promotion:${promotionId}`,
});

/** What one pass of the loop decided. */
type Next = { kind: "continue"; waitMs: number } | { kind: "done" } | { kind: "requeue"; afterSeconds: number };

export interface ExecutorHooks {
  notify: Notifier;
  /** Re-enqueues this promotion's job (only for long waits: soak time, a freeze), in `tx`. */
  requeue: (tx: DbTx, promotionId: string, afterSeconds: number) => Promise<void>;
}

/** Git failures that no retry can fix: the promotion fails with the reason (nothing changed). */
const FINAL_GIT_ERRORS = new Set([
  "push_refused",
  "conflict",
  "path_not_found",
  "not_scalar",
  "invalid_yaml",
  "no_change",
  "invalid_input",
  "not_found",
]);

export function resolveTarget(catalog: Catalog, p: { application: string; toEnvironment: string }) {
  const app = catalog.applications.find((a) => a.name === p.application);
  const policy = policyFor(catalog, p.toEnvironment);
  if (!app || !policy) {
    throw new Error(`promotion targets ${p.application}/${p.toEnvironment}, which the catalog no longer has`);
  }
  const argoApp = app.argocdApps[p.toEnvironment];
  if (!argoApp) throw new Error(`no Argo CD application for ${app.name} in ${p.toEnvironment}`);
  return { app, policy, argoApp, catalog };
}
type Target = ReturnType<typeof resolveTarget>;

export class PromotionExecutor {
  constructor(
    private readonly deps: ExecutorDeps,
    private readonly hooks: ExecutorHooks,
  ) {}

  /**
   * Works the promotion until it is finished, waits outside this job (soak, freeze) or another job
   * holds it. `owner` is the job id: the same job retried after a crash owns the lease again.
   */
  async run(promotionId: string, owner: string, signal?: AbortSignal): Promise<void> {
    for (;;) {
      if (signal?.aborted) return; // the lease runs out; the retried job continues
      const p = await this.acquire(promotionId, owner);
      if (!p) return;
      let next: Next;
      try {
        next = await this.step(p, owner);
      } catch (err) {
        await this.release(promotionId, owner).catch(() => {});
        throw err; // pg-boss retries with backoff; the lease is free for the retry
      }
      if (next.kind === "done") return this.release(promotionId, owner);
      if (next.kind === "requeue") {
        const after = next.afterSeconds;
        await this.deps.db.$transaction(async (tx) => {
          await this.hooks.requeue(tx, promotionId, after);
          await tx.promotion.updateMany({
            where: { id: promotionId, leaseOwner: owner },
            data: { leaseOwner: null, leaseUntil: null },
          });
        });
        return;
      }
      if (next.waitMs > 0) await this.deps.sleep(next.waitMs, signal);
    }
  }

  /** Takes or renews the lease; null when the promotion is finished or another job holds it. */
  private async acquire(id: string, owner: string): Promise<PromotionRow | null> {
    const now = this.deps.now();
    const until = new Date(now.getTime() + this.deps.timing.leaseMs);
    const taken = await this.deps.db.promotion.updateMany({
      where: {
        id,
        status: { in: [...EXECUTING_STATES] },
        OR: [{ leaseOwner: null }, { leaseOwner: owner }, { leaseUntil: { lt: now } }],
      },
      data: { leaseOwner: owner, leaseUntil: until },
    });
    if (taken.count !== 1) return null;
    const row = await this.deps.db.promotion.findUnique({ where: { id }, include: promotionInclude });
    // The approvers' roles, re-read at each step that counts approvals (startCommit's gate, commit's
    // Approved-by trailers): an approval stops counting once its approver lost the role. The steps
    // after the commit never look at approvals, so their once-a-second polls skip the query.
    return row && COUNTS_APPROVALS.has(row.status) ? withApproverGrants(this.deps.db, row) : row;
  }

  private async release(id: string, owner: string): Promise<void> {
    await this.deps.db.promotion.updateMany({
      where: { id, leaseOwner: owner },
      data: { leaseOwner: null, leaseUntil: null },
    });
  }

  /** Writes an accepted step of the rules (state, audit, Slack) in one transaction, under the lease. */
  private async apply(
    p: PromotionRow,
    owner: string,
    t: Target,
    r: StepResult,
    extra: { data?: Prisma.PromotionUpdateManyMutationInput; auditDetails?: Record<string, JsonValue> } = {},
  ): Promise<PromotionRow> {
    if (!r.ok) throw new Error(`the promotion rules refused ${p.status} → (${r.code}): ${r.message}`);
    return this.deps.db.$transaction((tx) =>
      applyTransition(tx, p, r, {
        now: this.deps.now(),
        actor: SYSTEM_ACTOR,
        correlationId: `promotion:${p.id}`,
        policy: t.policy,
        notify: this.hooks.notify,
        leaseOwner: owner,
        data: extra.data,
        auditDetails: extra.auditDetails,
      }),
    );
  }

  private ctx(t: Target) {
    return { now: this.deps.now(), policy: t.policy };
  }

  private async step(p: PromotionRow, owner: string): Promise<Next> {
    const t = resolveTarget(await this.deps.catalog(), p);
    switch (p.status as ExecutingState) {
      case "approved":
        return this.startCommit(p, owner, t);
      case "committing":
        return this.commit(p, owner, t);
      case "syncing":
        return this.sync(p, owner, t);
      case "verifying":
        return this.verify(p, owner, t);
      case "rolling_back":
        return this.rollBack(p, owner, t);
      default:
        return { kind: "done" };
    }
  }

  /** When the tag became Healthy in the source environment: its last deploy, if Healthy now. */
  private async healthySince(p: PromotionRow, t: Target): Promise<Date | null> {
    if (p.kind === "rollback") return null;
    const source = t.app.argocdApps[p.fromEnvironment];
    if (!source) return null;
    const app = await this.deps.argocd.getApplication(source);
    if (app.health !== "Healthy" || app.imageTag !== p.imageTag) return null;
    const since = app.lastDeploy?.deployedAt ?? app.reconciledAt;
    return since ? new Date(since) : null;
  }

  private async startCommit(p: PromotionRow, owner: string, t: Target): Promise<Next> {
    const ctx = this.ctx(t);
    const r = startCommit(toDomain(p), { healthySince: await this.healthySince(p, t) }, ctx);
    if (r.ok) {
      await this.apply(p, owner, t, r);
      return { kind: "continue", waitMs: 0 };
    }
    return this.blocked(p, owner, t, r);
  }

  /** startCommit refused: wait for what will pass, give up on what will not. */
  private async blocked(p: PromotionRow, owner: string, t: Target, r: Refusal): Promise<Next> {
    const ctx = this.ctx(t);
    if (r.code === "expired") {
      await this.apply(p, owner, t, expire(toDomain(p), {}, ctx), { data: { finishedAt: ctx.now } });
      return { kind: "done" };
    }
    if (r.code === "approvals_missing") {
      await this.apply(p, owner, t, approvalsLapsed(toDomain(p), {}, ctx));
      return { kind: "done" };
    }
    // Soak not met yet, or a freeze: try again when it may pass (a minute when the rules cannot say).
    const retry = r.retryAt ? Math.ceil((r.retryAt.getTime() - ctx.now.getTime()) / 1000) : 60;
    await this.saveProgress(p, owner, { waiting: { code: r.code, message: r.message, at: ctx.now.toISOString() } });
    return { kind: "requeue", afterSeconds: Math.max(1, retry) };
  }

  private async commit(p: PromotionRow, owner: string, t: Target): Promise<Next> {
    // The Approved-by trailers: exactly the approvals that count (not expired, voided or the requester's).
    const valid = new Set(validApproverIds(toDomain(p), t.policy, this.deps.now()));
    const approvers = p.approvals
      .filter((a) => valid.has(a.approverId))
      .map((a) => ({ name: a.approverName || a.approverEmail, email: a.approverEmail }));
    const author = { name: p.requesterName || p.requesterEmail, email: p.requesterEmail };
    let pushed: PushedCommit;
    try {
      pushed = await this.deps.audited(
        SYSTEM_CONTEXT(p.id),
        {
          // The git call's own intent and outcome; the transition it leads to is "promotion.executed".
          action: "promotion.git_push",
          environment: p.toEnvironment,
          application: p.application,
          target: { type: "promotion", id: p.id },
          details: { step: "git.push", imageTag: p.imageTag, kind: p.kind },
        },
        () =>
          p.kind === "rollback" && p.rollbackOfId
            ? this.deps.git.rollbackToPromotion({
                promotionId: p.id,
                application: t.app,
                environment: p.toEnvironment,
                imageTag: p.imageTag,
                rollsBackTo: p.rollbackOfId,
                reason: p.reason ?? `roll back to ${p.imageTag}`,
                author,
                approvers,
                expectedBlobSha: p.targetValuesSha ?? undefined,
              })
            : this.deps.git.commitPromotion({
                promotionId: p.id,
                application: t.app,
                environment: p.toEnvironment,
                imageTag: p.imageTag,
                expectedBlobSha: p.targetValuesSha ?? "",
                author,
                approvers,
              }),
        { outcomeDetails: (c) => ({ sha: c.sha, alreadyOnRemote: c.alreadyOnRemote, pushAttempts: c.pushAttempts }) },
      );
    } catch (err) {
      const kind = (err as { kind?: string }).kind;
      const ctx = this.ctx(t);
      if (kind === "superseded") {
        const current = await this.deps.git.readTarget(t.app, p.toEnvironment);
        const r = supersede(toDomain(p), { currentTargetSha: current.blobSha }, ctx);
        if (r.ok) {
          await this.apply(p, owner, t, r, { data: { finishedAt: ctx.now } });
          return { kind: "done" };
        }
      }
      if (kind && (kind === "superseded" || FINAL_GIT_ERRORS.has(kind))) {
        const reason = `git refused the change (${kind}): ${(err as Error).message}`.slice(0, 1000);
        await this.apply(p, owner, t, fail(toDomain(p), { reason }, ctx), { data: { finishedAt: ctx.now } });
        return { kind: "done" };
      }
      throw err; // a timeout, retries exhausted, an unreachable remote: the job retries with backoff
    }
    const ctx = this.ctx(t);
    await this.apply(p, owner, t, committed(toDomain(p), { commitSha: pushed.sha }, ctx), {
      // Auto-sync environments deploy by themselves: the watch's clock starts at the commit.
      data: { previousTag: pushed.previousTag ?? p.previousTag, syncStartedAt: t.policy.autoSync ? ctx.now : null },
      auditDetails: {
        diff: pushed.unifiedDiff.slice(0, 8000),
        valuesPath: pushed.valuesPath,
        pushAttempts: pushed.pushAttempts,
      },
    });
    return { kind: "continue", waitMs: 0 };
  }

  private async sync(p: PromotionRow, owner: string, t: Target): Promise<Next> {
    const sha = p.commitSha!;
    if (!t.policy.autoSync && !p.syncStartedAt) {
      // A sync asked for just before a crash is already running: watch it instead of asking again.
      const current = await this.deps.argocd.getApplication(t.argoApp);
      const status = syncAsked(current, sha) ? current : await this.requestSync(p, t.argoApp, sha, "deploy");
      const ctx = this.ctx(t);
      await this.apply(
        p,
        owner,
        t,
        syncStarted(toDomain(p), { operation: { phase: status.operation?.phase ?? null, revision: sha } }, ctx),
        { data: { syncStartedAt: ctx.now } },
      );
      return { kind: "continue", waitMs: this.deps.timing.pollMs };
    }
    const seen = observation(await this.deps.argocd.getApplication(t.argoApp), sha);
    const ctx = this.ctx(t);
    if (seen.state === "healthy") {
      const windowMs = t.policy.verification.windowMinutes * 60_000;
      await this.apply(
        p,
        owner,
        t,
        synced(toDomain(p), { revision: sha, health: "Healthy", syncStatus: "Synced" }, ctx),
        {
          data: {
            deployedAt: ctx.now,
            verifyUntil: new Date(ctx.now.getTime() + windowMs),
            argoStatus: seen.snapshot as Prisma.InputJsonValue,
          },
          auditDetails: { argocd: seen.snapshot },
        },
      );
      return { kind: "continue", waitMs: this.deps.timing.pollMs };
    }
    if (seen.state === "degraded" || seen.state === "sync_failed") {
      return this.startRollback(p, owner, t, seen.state === "degraded" ? "degraded" : "sync_failed", seen);
    }
    const since = (p.syncStartedAt ?? ctx.now).getTime();
    if (ctx.now.getTime() - since > this.deps.timing.syncTimeoutMs) {
      const what = t.policy.autoSync ? "commit" : "sync";
      return this.startRollback(p, owner, t, "timeout", {
        ...seen,
        reason: `not Synced and Healthy ${Math.round(this.deps.timing.syncTimeoutMs / 1000)} s after the ${what} (${seen.reason})`,
      });
    }
    await this.saveProgress(p, owner, seen.snapshot);
    return { kind: "continue", waitMs: this.deps.timing.pollMs };
  }

  private requestSync(p: PromotionRow, argoApp: string, revision: string, purpose: "deploy" | "rollback") {
    return this.deps.audited(
      SYSTEM_CONTEXT(p.id),
      {
        action: "argocd.sync",
        environment: p.toEnvironment,
        application: p.application,
        target: { type: "promotion", id: p.id },
        details: { argocdApplication: argoApp, revision, purpose },
      },
      () => this.deps.argocd.sync(argoApp, { revision, prune: false }),
      { outcomeDetails: (s) => ({ phase: s.operation?.phase ?? null }) },
    );
  }

  private async saveProgress(p: PromotionRow, owner: string, snapshot: Record<string, JsonValue>) {
    await this.deps.db.promotion.updateMany({
      where: { id: p.id, leaseOwner: owner },
      data: { argoStatus: { ...((p.argoStatus as object | null) ?? {}), ...snapshot } as Prisma.InputJsonValue },
    });
  }

  private async verify(p: PromotionRow, owner: string, t: Target): Promise<Next> {
    const seen = observation(await this.deps.argocd.getApplication(t.argoApp), p.commitSha!);
    if (seen.state === "degraded" || seen.state === "sync_failed") {
      return this.startRollback(p, owner, t, seen.state === "degraded" ? "degraded" : "sync_failed", seen);
    }
    const now = this.deps.now();
    if (p.verifyUntil && now < p.verifyUntil) {
      await this.saveProgress(p, owner, seen.snapshot);
      return {
        kind: "continue",
        waitMs: Math.min(this.deps.timing.pollMs * 2, p.verifyUntil.getTime() - now.getTime()),
      };
    }
    const verification = await this.measure(p, t);
    const ctx = this.ctx(t);
    const r = concludeVerification(toDomain(p), { verification }, ctx);
    const result = { passed: verification.passed, summary: verification.summary, checks: verification.checks };
    await this.apply(p, owner, t, r, {
      data: {
        verification: result as unknown as Prisma.InputJsonValue,
        argoStatus: seen.snapshot as Prisma.InputJsonValue,
        ...(verification.passed ? { finishedAt: ctx.now } : { syncStartedAt: null }),
      },
    });
    return verification.passed ? { kind: "done" } : { kind: "continue", waitMs: 0 };
  }

  /** Error ratio and p95 of the target over the watch window, judged by the rules' thresholds. */
  private async measure(p: PromotionRow, t: Target) {
    const { windowMinutes, maxErrorRatio, maxP95Ms } = t.policy.verification;
    const queries = keyMetricQueries({ env: p.toEnvironment, app: p.application }, [], "1h")
      .filter((q) => q.refId !== "requestRate")
      .map((q) => ({ ...q, expr: q.expr.replaceAll("[5m]", "[1m]") }));
    const since = p.deployedAt ?? new Date(this.deps.now().getTime() - windowMinutes * 60_000);
    try {
      const res = await this.deps.grafana.queryRange(
        queries,
        { from: String(since.getTime()), to: String(this.deps.now().getTime()) },
        { intervalMs: 15_000 },
      );
      const points = (id: string) => res[id]?.[0]?.points ?? [];
      return evaluateVerification(
        {
          errorRatio: points("errorRatio"),
          p95Ms: points("p95Latency").map(([ts, v]) => [ts, v === null ? null : v * 1000] as const),
        },
        { maxErrorRatio, maxP95Ms },
      );
    } catch (err) {
      // Without metrics the change cannot be shown to be good: that fails the verification.
      const detail = `metrics unavailable: ${(err as Error).message.slice(0, 200)}`;
      return {
        passed: false,
        summary: `verification failed: ${detail}`,
        checks: [
          { name: "error ratio", value: null, threshold: maxErrorRatio, ok: false, detail, samples: 0 },
          { name: "p95 latency", value: null, threshold: maxP95Ms, ok: false, detail, samples: 0 },
        ],
      };
    }
  }

  private async startRollback(
    p: PromotionRow,
    owner: string,
    t: Target,
    cause: RollbackCause,
    seen: { reason: string; snapshot: Record<string, JsonValue> },
  ): Promise<Next> {
    await this.apply(p, owner, t, startRollback(toDomain(p), { cause, reason: seen.reason }, this.ctx(t)), {
      data: { syncStartedAt: null, argoStatus: seen.snapshot as Prisma.InputJsonValue },
      auditDetails: { argocd: seen.snapshot },
    });
    return { kind: "continue", waitMs: 0 };
  }

  private async rollBack(p: PromotionRow, owner: string, t: Target): Promise<Next> {
    const reason = p.failureReason ?? "rolled back";
    if (!p.revertSha) {
      const pushed = await this.deps.audited(
        SYSTEM_CONTEXT(p.id),
        {
          // The revert's push; "promotion.rolled_back" is the transition once the revert is deployed.
          action: "promotion.git_revert",
          environment: p.toEnvironment,
          application: p.application,
          target: { type: "promotion", id: p.id },
          details: { step: "git.revert", commitSha: p.commitSha, reason: reason.slice(0, 500) },
        },
        () =>
          this.deps.git.revertPromotion({
            promotionId: p.id,
            application: t.app,
            environment: p.toEnvironment,
            commitSha: p.commitSha!,
            reason,
          }),
        { outcomeDetails: (c) => ({ sha: c.sha, alreadyOnRemote: c.alreadyOnRemote }) },
      );
      // Recorded before the next step: a restart syncs this revert instead of reverting again.
      await this.deps.db.promotion.updateMany({
        where: { id: p.id, leaseOwner: owner, status: "rolling_back" },
        data: { revertSha: pushed.sha, syncStartedAt: t.policy.autoSync ? this.deps.now() : null },
      });
      return { kind: "continue", waitMs: 0 };
    }
    if (!t.policy.autoSync && !p.syncStartedAt) {
      const current = await this.deps.argocd.getApplication(t.argoApp);
      if (!syncAsked(current, p.revertSha)) await this.requestSync(p, t.argoApp, p.revertSha, "rollback");
      await this.deps.db.promotion.updateMany({
        where: { id: p.id, leaseOwner: owner, status: "rolling_back" },
        data: { syncStartedAt: this.deps.now() },
      });
      return { kind: "continue", waitMs: this.deps.timing.pollMs };
    }
    const seen = observation(await this.deps.argocd.getApplication(t.argoApp), p.revertSha);
    const ctx = this.ctx(t);
    if (seen.state === "healthy" || seen.state === "synced") {
      await this.apply(p, owner, t, rolledBack(toDomain(p), { revertSha: p.revertSha }, ctx), {
        data: { finishedAt: ctx.now, argoStatus: seen.snapshot as Prisma.InputJsonValue },
        auditDetails: { argocd: seen.snapshot },
      });
      return { kind: "done" };
    }
    const since = (p.syncStartedAt ?? ctx.now).getTime();
    if (
      seen.state === "sync_failed" ||
      seen.state === "degraded" ||
      ctx.now.getTime() - since > this.deps.timing.syncTimeoutMs
    ) {
      await this.apply(p, owner, t, fail(toDomain(p), { reason: `the revert did not deploy: ${seen.reason}` }, ctx), {
        data: { finishedAt: ctx.now, argoStatus: seen.snapshot as Prisma.InputJsonValue },
      });
      return { kind: "done" };
    }
    await this.saveProgress(p, owner, seen.snapshot);
    return { kind: "continue", waitMs: this.deps.timing.pollMs };
  }
}

/**
 * Whether Argo CD already holds a sync of this revision: running or done (operationState), or
 * accepted and not yet started by its controller (`.operation`, while operationState is still empty).
 * Asking again in that gap would be refused with "another operation is already in progress".
 */
export function syncAsked(app: AppStatus, revision: string): boolean {
  return app.operation?.revision === revision || app.requestedOperation?.revision === revision;
}

/**
 * What Argo CD says about one revision. The operation shown right after a sync request may still
 * be the previous one (real Argo CD fills operationState only once its controller picks the
 * request up), so only an operation on this revision counts.
 */
export function observation(
  app: AppStatus,
  revision: string,
): {
  state: "healthy" | "synced" | "degraded" | "sync_failed" | "pending";
  reason: string;
  snapshot: Record<string, JsonValue>;
} {
  const op = app.operation;
  const onRevision = op?.revision === revision;
  const snapshot: Record<string, JsonValue> = {
    syncStatus: app.syncStatus,
    health: app.health,
    healthMessage: app.healthMessage,
    revision: app.revision,
    imageTag: app.imageTag,
    operation: op
      ? {
          phase: op.phase,
          message: op.message,
          revision: op.revision,
          startedAt: op.startedAt,
          finishedAt: op.finishedAt,
        }
      : null,
    observedAt: new Date().toISOString(),
  };
  if (!onRevision) {
    return {
      state: "pending",
      reason: `Argo CD has not started an operation on ${revision.slice(0, 7)} yet`,
      snapshot,
    };
  }
  if (op.phase === "Failed" || op.phase === "Error") {
    return { state: "sync_failed", reason: `sync failed: ${op.message}`, snapshot };
  }
  if (op.phase !== "Succeeded") return { state: "pending", reason: `sync ${op.phase.toLowerCase()}`, snapshot };
  if (app.health === "Degraded") {
    return { state: "degraded", reason: `Degraded: ${app.healthMessage ?? "the application is unhealthy"}`, snapshot };
  }
  if (app.syncStatus === "Synced" && app.health === "Healthy")
    return { state: "healthy", reason: "Synced and Healthy", snapshot };
  if (app.syncStatus === "Synced") return { state: "synced", reason: `Synced, ${app.health}`, snapshot };
  return { state: "pending", reason: `${app.syncStatus}, ${app.health}`, snapshot };
}
