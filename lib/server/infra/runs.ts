import "server-only";
import type { DbTx } from "@/lib/db";
// Reads of infra runs as plain DTOs, and the facts the domain rules need (lib/domain/infra-runs.ts).
import { failureHint, type PlanContext, type PlanRunFacts, planExpiresAt, planUnusable } from "@/lib/domain/infra-runs";
import type { InfraRun } from "@/lib/generated/prisma/client";
import { notFound } from "@/lib/http/errors";
import type { StageProgress } from "@/lib/integrations/jenkins/api";
import { type LockView, readLock } from "./locks";
import type { InfraConfig, RunDto } from "./types";

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function findRun(db: Pick<DbTx, "infraRun">, id: string): Promise<InfraRun> {
  const run = UUID.test(id) ? await db.infraRun.findUnique({ where: { id } }) : null;
  // At most 60 characters of what was asked, as the other not-found messages quote it.
  if (!run) throw notFound(`no infrastructure run ${id.slice(0, 60)}`);
  return run;
}

export function planFacts(run: InfraRun): PlanRunFacts {
  return {
    id: run.id,
    environment: run.environment,
    kind: run.kind,
    status: run.status,
    hasChanges: run.hasChanges,
    planSha256: run.planSha256,
    requestedById: run.requestedById,
    approvedById: run.approvedById,
    finishedAt: run.finishedAt,
  };
}

/** The apply that makes a plan stale: any apply of the environment created after the plan. */
export async function planContext(
  db: Pick<DbTx, "infraRun">,
  plan: InfraRun,
  config: InfraConfig,
): Promise<PlanContext> {
  const laterApply = await db.infraRun.findFirst({
    where: {
      environment: plan.environment,
      kind: "apply",
      createdAt: { gt: plan.createdAt },
      // An apply refused before Jenkins ran anything leaves the state as it was.
      NOT: { status: "failed", buildNumber: null },
    },
    orderBy: { createdAt: "desc" },
    select: { id: true, planRunId: true, status: true },
  });
  return { now: new Date(), ttlMinutes: config.planTtlMinutes, laterApply };
}

export function toDto(run: InfraRun, lock: LockView | null, ctx: PlanContext | null, config: InfraConfig): RunDto {
  const unusable = run.kind === "plan" && ctx ? planUnusable(planFacts(run), ctx) : null;
  const expires = run.kind === "plan" ? planExpiresAt(run, config.planTtlMinutes) : null;
  return {
    id: run.id,
    environment: run.environment,
    kind: run.kind === "apply" ? "apply" : "plan",
    status: run.status,
    trigger: run.trigger,
    requestedBy: run.requestedBy,
    requestedById: run.requestedById,
    approvedBy: run.approvedBy,
    approvedAt: run.approvedAt?.toISOString() ?? null,
    approvalReason: run.approvalReason,
    jenkinsJob: run.jenkinsJob,
    buildNumber: run.buildNumber,
    queueId: run.queueId,
    planSha256: run.planSha256,
    planRunId: run.planRunId,
    hasChanges: run.hasChanges,
    stages: (Array.isArray(run.stages) ? run.stages : []) as unknown as StageProgress[],
    failureReason: run.failureReason,
    failureHint: failureHint(run.failureReason),
    createdAt: run.createdAt.toISOString(),
    startedAt: run.startedAt?.toISOString() ?? null,
    finishedAt: run.finishedAt?.toISOString() ?? null,
    expiresAt: expires?.toISOString() ?? null,
    unusableReason: unusable?.message ?? null,
    lock:
      lock && lock.runId === run.id
        ? {
            holderName: lock.holderName,
            runId: lock.runId,
            expiresAt: lock.expiresAt.toISOString(),
            heartbeatAt: lock.heartbeatAt.toISOString(),
          }
        : null,
  };
}

export async function runDto(db: DbTx, id: string, config: InfraConfig): Promise<RunDto> {
  const run = await findRun(db, id);
  const [lock, ctx] = await Promise.all([
    readLock(db, run.environment),
    run.kind === "plan" ? planContext(db, run, config) : Promise.resolve(null),
  ]);
  return toDto(run, lock, ctx, config);
}
