// The promotion executor: one job per promotion ("promotion.execute"), run by whichever portal
// process fetches it, walks approved → committing → syncing → verifying → succeeded, or on trouble
// rolling_back → rolled_back. Every step:
//   1. holds the promotion's lease (lease_owner = this job's id), so two processes never work one
//      promotion at once, and a killed holder's retried job (same id) takes over at once;
//   2. records its upstream intent before the call and its outcome after (auditedAction);
//   3. writes the state change, its audit event and its Slack message in one transaction, guarded
//      on the status it started from and on the lease, before the next step starts.
// So a restart resumes from the last recorded step: a commit already on the remote is found by
// its Promotion-Id, a sync already asked for is watched rather than asked again.
import type { ApplicationConfig, Catalog, EnvironmentConfig } from "@/lib/catalog";
import type { DbTx } from "@/lib/db";
import type { AuditAction } from "@/lib/domain/audit-actions";
import type { JsonValue } from "@/lib/domain/audit-chain";
import { keyMetricQueries } from "@/lib/domain/metric-queries";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { AppStatus } from "@/lib/integrations/argocd/api";
import type { AuditContext } from "@/lib/server/audit/audited-action";
import { recordAudit, SYSTEM_ACTOR } from "@/lib/server/audit/record";
import type { Notifier, PromotionEvent } from "./notify";
import { promotionSnapshot } from "./notify";
import type { ExecutorDeps, PushedCommit } from "./ports";

/** States the executor works; any other state means there is nothing left to do. */
export const EXECUTING_STATES = ["approved", "committing", "syncing", "verifying", "rolling_back"] as const;
export type ExecutingState = (typeof EXECUTING_STATES)[number];

const SYSTEM_CONTEXT = (promotionId: string): AuditContext => ({
  principal: null,
  actor: SYSTEM_ACTOR,
  correlationId: `promotion:${promotionId}`,
});

export type PromotionRow = Prisma.PromotionGetPayload<{ include: { approvals: true } }>;

export interface Verification {
  summary: string;
  windowMinutes: number;
  checks: { name: string; value: number | null; threshold: number; ok: boolean }[];
}

/** What one pass of the loop decided. */
type Next = { kind: "continue"; waitMs: number } | { kind: "done" } | { kind: "requeue"; afterSeconds: number };

export interface ExecutorHooks {
  notify: Notifier;
  /** Re-enqueues this promotion's job (only for long waits such as soak time), in `tx`. */
  requeue: (tx: DbTx, promotionId: string, afterSeconds: number) => Promise<void>;
  /** Soak gate before the commit: null when the tag may go, else seconds to wait and why. */
  soakWait: (p: PromotionRow, catalog: Catalog) => Promise<{ seconds: number; reason: string } | null>;
}

export class LeaseLost extends Error {
  override name = "LeaseLost";
}

function verificationSettings(env: EnvironmentConfig) {
  const v = (env as EnvironmentConfig & { verification?: Partial<VerificationSettings> }).verification ?? {};
  return {
    windowMinutes: v.windowMinutes ?? 2,
    maxErrorRatio: v.maxErrorRatio ?? 0.05,
    maxP95Ms: v.maxP95Ms ?? 1000,
  };
}
type VerificationSettings = { windowMinutes: number; maxErrorRatio: number; maxP95Ms: number };

export function resolveTarget(catalog: Catalog, p: { application: string; toEnvironment: string }) {
  const app = catalog.applications.find((a) => a.name === p.application);
  const env = catalog.environments.find((e) => e.name === p.toEnvironment);
  if (!app || !env)
    throw new Error(`promotion targets ${p.application}/${p.toEnvironment}, which the catalog no longer has`);
  const argoApp = app.argocdApps[env.name];
  if (!argoApp) throw new Error(`no Argo CD application for ${app.name} in ${env.name}`);
  return { app, env, argoApp };
}

export class PromotionExecutor {
  constructor(
    private readonly deps: ExecutorDeps,
    private readonly hooks: ExecutorHooks,
  ) {}

  /**
   * Works the promotion until it is finished, waits outside this job (soak) or another job holds
   * it. `owner` is the job id: the same job retried after a crash owns the lease again.
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
        await this.deps.db.$transaction(async (tx) => {
          await this.hooks.requeue(tx, promotionId, next.afterSeconds);
          await tx.promotion.updateMany({
            where: { id: promotionId, leaseOwner: owner },
            data: { leaseOwner: null, leaseUntil: null },
          });
        });
        return;
      }
      await this.deps.sleep(next.waitMs, signal);
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
    return this.deps.db.promotion.findUnique({ where: { id }, include: { approvals: true } });
  }

  private async release(id: string, owner: string): Promise<void> {
    await this.deps.db.promotion.updateMany({
      where: { id, leaseOwner: owner },
      data: { leaseOwner: null, leaseUntil: null },
    });
  }

  /**
   * Moves the promotion from `from` to `to` with its audit event (and Slack message) in one
   * transaction, only if it is still in `from` and this job still holds the lease.
   */
  private async transition(
    p: PromotionRow,
    owner: string,
    change: {
      from: string;
      to: string;
      data?: Prisma.PromotionUpdateManyMutationInput;
      audit: { action: AuditAction; outcome?: "success" | "failure"; details?: Record<string, JsonValue> };
      notify?: PromotionEvent;
      required?: number;
    },
  ): Promise<PromotionRow> {
    return this.deps.db.$transaction(async (tx) => {
      const done = await tx.promotion.updateMany({
        where: { id: p.id, status: change.from, leaseOwner: owner },
        data: { ...(change.data ?? {}), status: change.to },
      });
      if (done.count !== 1)
        throw new LeaseLost(`promotion ${p.id} left ${change.from} or its lease while this step ran`);
      const row = (await tx.promotion.findUnique({ where: { id: p.id }, include: { approvals: true } }))!;
      if (change.notify) await this.hooks.notify(tx, change.notify, promotionSnapshot(row, change.required ?? 0));
      await recordAudit(tx, {
        action: change.audit.action,
        outcome: change.audit.outcome ?? "success",
        actor: SYSTEM_ACTOR,
        environment: p.toEnvironment,
        application: p.application,
        target: { type: "promotion", id: p.id },
        correlationId: `promotion:${p.id}`,
        details: { from: change.from, to: change.to, ...(change.audit.details ?? {}) },
      });
      return row;
    });
  }

  private async step(p: PromotionRow, owner: string): Promise<Next> {
    const catalog = await this.deps.catalog();
    const target = resolveTarget(catalog, p);
    switch (p.status as ExecutingState) {
      case "approved":
        return this.startCommit(p, owner, catalog);
      case "committing":
        return this.commit(p, owner, target);
      case "syncing":
        return this.sync(p, owner, target);
      case "verifying":
        return this.verify(p, owner, target);
      case "rolling_back":
        return this.rollBack(p, owner, target);
      default:
        return { kind: "done" };
    }
  }

  private async startCommit(p: PromotionRow, owner: string, catalog: Catalog): Promise<Next> {
    const wait = await this.hooks.soakWait(p, catalog);
    if (wait) return { kind: "requeue", afterSeconds: Math.max(1, Math.ceil(wait.seconds)) };
    await this.transition(p, owner, {
      from: "approved",
      to: "committing",
      audit: { action: "promotion.executed", details: { step: "committing" } },
    });
    return { kind: "continue", waitMs: 0 };
  }

  private async commit(p: PromotionRow, owner: string, t: ReturnType<typeof resolveTarget>): Promise<Next> {
    const approvers = p.approvals
      .filter((a) => a.decision === "approved" && !a.voidedAt)
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
      .map((a) => ({ name: a.approverName || a.approverEmail, email: a.approverEmail }));
    let pushed: PushedCommit;
    try {
      pushed = await this.deps.audited(
        SYSTEM_CONTEXT(p.id),
        {
          action: "promotion.executed",
          environment: p.toEnvironment,
          application: p.application,
          target: { type: "promotion", id: p.id },
          details: { step: "git.push", imageTag: p.imageTag },
        },
        () => {
          const author = { name: p.requesterName || p.requesterEmail, email: p.requesterEmail };
          return p.kind === "rollback" && p.rollbackOfId
            ? this.deps.git.rollbackToPromotion({
                promotionId: p.id,
                application: t.app,
                environment: t.env.name,
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
                environment: t.env.name,
                imageTag: p.imageTag,
                expectedBlobSha: p.targetValuesSha ?? "",
                author,
                approvers,
              });
        },
        { outcomeDetails: (c) => ({ sha: c.sha, alreadyOnRemote: c.alreadyOnRemote, pushAttempts: c.pushAttempts }) },
      );
    } catch (err) {
      const kind = (err as { kind?: string }).kind;
      if (kind === "superseded") {
        await this.deps.db.$transaction(async (tx) => {
          await tx.approval.updateMany({
            where: { promotionId: p.id, voidedAt: null },
            data: { voidedAt: this.deps.now() },
          });
        });
        await this.transition(p, owner, {
          from: "committing",
          to: "superseded",
          data: { failureReason: (err as Error).message.slice(0, 500), finishedAt: this.deps.now() },
          audit: { action: "promotion.failed", outcome: "failure", details: { reason: "superseded" } },
          notify: "failed",
        });
        return { kind: "done" };
      }
      if (
        kind &&
        [
          "push_refused",
          "conflict",
          "path_not_found",
          "not_scalar",
          "invalid_yaml",
          "no_change",
          "invalid_input",
        ].includes(kind)
      ) {
        await this.transition(p, owner, {
          from: "committing",
          to: "failed",
          data: { failureReason: `git: ${(err as Error).message}`.slice(0, 1000), finishedAt: this.deps.now() },
          audit: {
            action: "promotion.failed",
            outcome: "failure",
            details: { reason: (err as Error).message.slice(0, 500), gitError: kind },
          },
          notify: "failed",
        });
        return { kind: "done" };
      }
      throw err; // timeout, exhausted retries, an unreachable remote: the job retries with backoff
    }
    await this.transition(p, owner, {
      from: "committing",
      to: "syncing",
      // Auto-sync environments deploy by themselves: the watch's clock starts at the commit.
      data: {
        commitSha: pushed.sha,
        previousTag: pushed.previousTag ?? p.previousTag,
        syncStartedAt: t.env.autoSync ? this.deps.now() : null,
      },
      audit: {
        action: "promotion.executed",
        details: { sha: pushed.sha, diff: pushed.unifiedDiff.slice(0, 8000), valuesPath: pushed.valuesPath },
      },
    });
    return { kind: "continue", waitMs: 0 };
  }

  private async sync(p: PromotionRow, owner: string, t: ReturnType<typeof resolveTarget>): Promise<Next> {
    const sha = p.commitSha!;
    if (!t.env.autoSync && !p.syncStartedAt) {
      // A sync asked for just before a crash is already running: watch it instead of asking again.
      const current = await this.deps.argocd.getApplication(t.argoApp);
      if (current.operation?.revision !== sha) await this.requestSync(p, t.argoApp, sha, "deploy");
      await this.deps.db.promotion.updateMany({
        where: { id: p.id, leaseOwner: owner, status: "syncing" },
        data: { syncStartedAt: this.deps.now() },
      });
      return { kind: "continue", waitMs: this.deps.timing.pollMs };
    }
    const app = await this.deps.argocd.getApplication(t.argoApp);
    const seen = observation(app, sha);
    const since = (p.syncStartedAt ?? this.deps.now()).getTime();
    if (seen.state === "healthy") {
      const window = verificationSettings(t.env).windowMinutes;
      await this.transition(p, owner, {
        from: "syncing",
        to: "verifying",
        data: {
          deployedAt: this.deps.now(),
          verifyUntil: new Date(this.deps.now().getTime() + window * 60_000),
          argoStatus: seen.snapshot as Prisma.InputJsonValue,
        },
        audit: { action: "promotion.executed", details: { step: "synced", revision: sha, argo: seen.snapshot } },
        notify: "deployed",
      });
      return { kind: "continue", waitMs: this.deps.timing.pollMs };
    }
    if (seen.state === "degraded" || seen.state === "sync_failed") {
      return this.startRollback(p, owner, "syncing", seen.reason, seen.snapshot);
    }
    if (this.deps.now().getTime() - since > this.deps.timing.syncTimeoutMs) {
      return this.startRollback(
        p,
        owner,
        "syncing",
        `not Synced and Healthy ${Math.round(this.deps.timing.syncTimeoutMs / 1000)} s after the ${t.env.autoSync ? "commit" : "sync"} (${seen.reason})`,
        seen.snapshot,
      );
    }
    await this.saveObservation(p, owner, seen.snapshot);
    return { kind: "continue", waitMs: this.deps.timing.pollMs };
  }

  private async requestSync(p: PromotionRow, argoApp: string, revision: string, purpose: "deploy" | "rollback") {
    await this.deps.audited(
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

  private async saveObservation(p: PromotionRow, owner: string, snapshot: Record<string, JsonValue>) {
    await this.deps.db.promotion.updateMany({
      where: { id: p.id, leaseOwner: owner },
      data: { argoStatus: { ...((p.argoStatus as object) ?? {}), ...snapshot } as Prisma.InputJsonValue },
    });
  }

  private async verify(p: PromotionRow, owner: string, t: ReturnType<typeof resolveTarget>): Promise<Next> {
    const app = await this.deps.argocd.getApplication(t.argoApp);
    const seen = observation(app, p.commitSha!);
    if (seen.state === "degraded" || seen.state === "sync_failed") {
      return this.startRollback(p, owner, "verifying", seen.reason, seen.snapshot);
    }
    if (p.verifyUntil && this.deps.now() < p.verifyUntil) {
      await this.saveObservation(p, owner, seen.snapshot);
      return {
        kind: "continue",
        waitMs: Math.min(this.deps.timing.pollMs * 2, p.verifyUntil.getTime() - this.deps.now().getTime()),
      };
    }
    const result = await this.evaluate(t);
    const details = { verification: result as unknown as JsonValue };
    if (result.checks.every((c) => c.ok)) {
      await this.transition(p, owner, {
        from: "verifying",
        to: "succeeded",
        data: {
          verification: result as unknown as Prisma.InputJsonValue,
          finishedAt: this.deps.now(),
          argoStatus: seen.snapshot as Prisma.InputJsonValue,
        },
        audit: { action: "promotion.succeeded", details },
        notify: "succeeded",
      });
      return { kind: "done" };
    }
    await this.deps.db.promotion.updateMany({
      where: { id: p.id, leaseOwner: owner },
      data: { verification: result as unknown as Prisma.InputJsonValue },
    });
    return this.startRollback(p, owner, "verifying", `verification failed: ${result.summary}`, seen.snapshot);
  }

  /** Error ratio and p95 of the target over the watch window, against the catalog's thresholds. */
  private async evaluate(t: ReturnType<typeof resolveTarget>): Promise<Verification> {
    const s = verificationSettings(t.env);
    const queries = keyMetricQueries({ env: t.env.name, app: t.app.name }, [], "1h")
      .filter((q) => q.refId !== "requestRate")
      .map((q) => ({ ...q, expr: q.expr.replaceAll("[5m]", `[${Math.max(1, s.windowMinutes)}m]`) }));
    let latest: Record<string, number | null> = {};
    let problem: string | null = null;
    try {
      const res = await this.deps.grafana.queryRange(queries, { from: "now-1m", to: "now" }, { intervalMs: 15_000 });
      latest = Object.fromEntries(
        queries.map((q) => {
          const pts = res[q.refId]?.[0]?.points ?? [];
          const v = [...pts].reverse().find(([, x]) => x !== null && Number.isFinite(x))?.[1] ?? null;
          return [q.refId, v];
        }),
      );
    } catch (err) {
      problem = `metrics unavailable: ${(err as Error).message.slice(0, 200)}`;
    }
    const errorRatio = latest.errorRatio ?? null;
    const p95Ms = latest.p95Latency === null || latest.p95Latency === undefined ? null : latest.p95Latency * 1000;
    const checks = [
      // No traffic means no errors and no latency to judge: it passes, and the summary says so.
      {
        name: "error ratio",
        value: errorRatio,
        threshold: s.maxErrorRatio,
        ok: !problem && (errorRatio ?? 0) <= s.maxErrorRatio,
      },
      { name: "p95 latency (ms)", value: p95Ms, threshold: s.maxP95Ms, ok: !problem && (p95Ms ?? 0) <= s.maxP95Ms },
    ];
    const failed = checks.filter((c) => !c.ok);
    const summary =
      problem ??
      (failed.length
        ? failed.map((c) => `${c.name} ${c.value === null ? "n/a" : round(c.value)} > ${c.threshold}`).join("; ")
        : `error ratio ${errorRatio === null ? "n/a (no traffic)" : round(errorRatio)} ≤ ${s.maxErrorRatio}, p95 ${p95Ms === null ? "n/a" : `${round(p95Ms)} ms`} ≤ ${s.maxP95Ms} ms over ${s.windowMinutes} min`);
    return { summary, windowMinutes: s.windowMinutes, checks };
  }

  private async startRollback(
    p: PromotionRow,
    owner: string,
    from: "syncing" | "verifying",
    reason: string,
    snapshot: Record<string, JsonValue>,
  ): Promise<Next> {
    await this.transition(p, owner, {
      from,
      to: "rolling_back",
      data: {
        failureReason: reason.slice(0, 1000),
        syncStartedAt: null,
        argoStatus: snapshot as Prisma.InputJsonValue,
      },
      audit: { action: "promotion.failed", outcome: "failure", details: { reason, argo: snapshot } },
      notify: "failed",
    });
    return { kind: "continue", waitMs: 0 };
  }

  private async rollBack(p: PromotionRow, owner: string, t: ReturnType<typeof resolveTarget>): Promise<Next> {
    const reason = p.failureReason ?? "rolled back";
    if (!p.commitSha) {
      // Nothing was pushed: there is nothing to revert.
      await this.transition(p, owner, {
        from: "rolling_back",
        to: "failed",
        data: { finishedAt: this.deps.now() },
        audit: { action: "promotion.failed", outcome: "failure", details: { reason } },
      });
      return { kind: "done" };
    }
    if (!p.revertSha) {
      const pushed = await this.deps.audited(
        SYSTEM_CONTEXT(p.id),
        {
          action: "promotion.rolled_back",
          environment: p.toEnvironment,
          application: p.application,
          target: { type: "promotion", id: p.id },
          details: { step: "git.revert", commitSha: p.commitSha, reason: reason.slice(0, 500) },
        },
        () =>
          this.deps.git.revertPromotion({
            promotionId: p.id,
            application: t.app,
            environment: t.env.name,
            commitSha: p.commitSha!,
            reason,
          }),
        { outcomeDetails: (c) => ({ sha: c.sha, alreadyOnRemote: c.alreadyOnRemote }) },
      );
      await this.deps.db.promotion.updateMany({
        where: { id: p.id, leaseOwner: owner, status: "rolling_back" },
        data: { revertSha: pushed.sha, syncStartedAt: t.env.autoSync ? this.deps.now() : null },
      });
      return { kind: "continue", waitMs: 0 };
    }
    if (!t.env.autoSync && !p.syncStartedAt) {
      const current = await this.deps.argocd.getApplication(t.argoApp);
      if (current.operation?.revision !== p.revertSha) await this.requestSync(p, t.argoApp, p.revertSha, "rollback");
      await this.deps.db.promotion.updateMany({
        where: { id: p.id, leaseOwner: owner, status: "rolling_back" },
        data: { syncStartedAt: this.deps.now() },
      });
      return { kind: "continue", waitMs: this.deps.timing.pollMs };
    }
    const app = await this.deps.argocd.getApplication(t.argoApp);
    const seen = observation(app, p.revertSha);
    if (seen.state === "healthy" || seen.state === "synced") {
      await this.transition(p, owner, {
        from: "rolling_back",
        to: "rolled_back",
        data: { finishedAt: this.deps.now(), argoStatus: seen.snapshot as Prisma.InputJsonValue },
        audit: { action: "promotion.rolled_back", details: { reason, revertSha: p.revertSha, argo: seen.snapshot } },
        notify: "rolled_back",
      });
      return { kind: "done" };
    }
    const since = (p.syncStartedAt ?? this.deps.now()).getTime();
    if (seen.state === "sync_failed" || this.deps.now().getTime() - since > this.deps.timing.syncTimeoutMs) {
      await this.transition(p, owner, {
        from: "rolling_back",
        to: "failed",
        data: {
          failureReason: `${reason}; the rollback did not deploy: ${seen.reason}`.slice(0, 1000),
          finishedAt: this.deps.now(),
        },
        audit: { action: "promotion.failed", outcome: "failure", details: { reason, rollback: seen.reason } },
        notify: "failed",
      });
      return { kind: "done" };
    }
    await this.saveObservation(p, owner, seen.snapshot);
    return { kind: "continue", waitMs: this.deps.timing.pollMs };
  }
}

const round = (v: number) => Math.round(v * 1000) / 1000;

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

export type { ApplicationConfig };
