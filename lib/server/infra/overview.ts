import "server-only";
// Per-environment state of the infrastructure: its lock, the last plan and apply, and drift (the
// last drift check — scheduled or asked for — found changes that no apply has since made).
import type { Catalog } from "@/lib/catalog";
import type { DbTx } from "@/lib/db";
import { DRIFT_TRIGGERS } from "@/lib/domain/infra-runs";
import { can, type Principal } from "@/lib/domain/roles";
import type { InfraRun } from "@/lib/generated/prisma/client";
import { readLocks } from "./locks";

export interface RunSummaryDto {
  id: string;
  kind: string;
  status: string;
  trigger: string;
  buildNumber: number | null;
  hasChanges: boolean | null;
  requestedBy: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export type DriftState = "drift" | "clean" | "unknown";

export interface EnvironmentInfra {
  environment: string;
  displayName: string;
  lock: { holderName: string; runId: string; expiresAt: string; heartbeatAt: string } | null;
  lastPlan: RunSummaryDto | null;
  lastApply: RunSummaryDto | null;
  drift: { state: DriftState; run: RunSummaryDto | null };
  allowed: { plan: boolean; unlock: boolean };
}

const summary = (r: InfraRun): RunSummaryDto => ({
  id: r.id,
  kind: r.kind,
  status: r.status,
  trigger: r.trigger,
  buildNumber: r.buildNumber,
  hasChanges: r.hasChanges,
  requestedBy: r.requestedBy,
  createdAt: r.createdAt.toISOString(),
  finishedAt: r.finishedAt?.toISOString() ?? null,
});

/** Drift of one environment from its latest drift check and the applies after it. */
export function driftOf(lastCheck: InfraRun | null, lastApplyAt: Date | null): DriftState {
  if (!lastCheck) return "unknown";
  if (lastCheck.hasChanges !== true) return "clean";
  return lastApplyAt && lastApplyAt > lastCheck.createdAt ? "unknown" : "drift";
}

/** An environment's drift: its latest successful drift check, and whether an apply came after it. */
async function environmentDrift(db: DbTx, environment: string): Promise<EnvironmentInfra["drift"]> {
  const [lastCheck, lastSuccessfulApply] = await Promise.all([
    db.infraRun.findFirst({
      where: { environment, kind: "plan", trigger: { in: DRIFT_TRIGGERS }, status: "succeeded" },
      orderBy: { createdAt: "desc" },
    }),
    db.infraRun.findFirst({
      where: { environment, kind: "apply", status: "succeeded" },
      orderBy: { createdAt: "desc" },
      select: { createdAt: true },
    }),
  ]);
  return {
    state: driftOf(lastCheck, lastSuccessfulApply?.createdAt ?? null),
    run: lastCheck ? summary(lastCheck) : null,
  };
}

/** What the overview shows per environment: drift found, and the drift check that found it. */
export interface DriftFinding {
  environment: string;
  state: DriftState;
  runId: string | null;
}

export async function driftFindings(db: DbTx, environments: string[]): Promise<DriftFinding[]> {
  return Promise.all(
    environments.map(async (environment) => {
      const drift = await environmentDrift(db, environment);
      return { environment, state: drift.state, runId: drift.run?.id ?? null };
    }),
  );
}

export async function infraOverview(
  db: DbTx,
  catalog: Catalog,
  principal: Principal | null,
): Promise<EnvironmentInfra[]> {
  const locks = new Map((await readLocks(db)).map((l) => [l.environment, l]));
  return Promise.all(
    catalog.environments.map(async (e) => {
      const [lastPlan, lastApply, drift] = await Promise.all([
        db.infraRun.findFirst({ where: { environment: e.name, kind: "plan" }, orderBy: { createdAt: "desc" } }),
        db.infraRun.findFirst({ where: { environment: e.name, kind: "apply" }, orderBy: { createdAt: "desc" } }),
        environmentDrift(db, e.name),
      ]);
      const lock = locks.get(e.name);
      return {
        environment: e.name,
        displayName: e.displayName,
        lock: lock
          ? {
              holderName: lock.holderName,
              runId: lock.runId,
              expiresAt: lock.expiresAt.toISOString(),
              heartbeatAt: lock.heartbeatAt.toISOString(),
            }
          : null,
        lastPlan: lastPlan ? summary(lastPlan) : null,
        lastApply: lastApply ? summary(lastApply) : null,
        drift,
        allowed: { plan: can(principal, "infra.plan", e), unlock: can(principal, "infra.unlock", e) },
      };
    }),
  );
}

export async function recentRuns(db: DbTx, take = 30): Promise<(RunSummaryDto & { environment: string })[]> {
  const runs = await db.infraRun.findMany({ orderBy: { createdAt: "desc" }, take });
  return runs.map((r) => ({ ...summary(r), environment: r.environment }));
}
