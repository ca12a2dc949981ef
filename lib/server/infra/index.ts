import "server-only";
// The infra services wired to the database, the Jenkins adapter, the catalog and the config.
import { getCatalog } from "@/lib/catalog";
import { getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { getIntegrations } from "@/lib/integrations";
import { countBusinessEvent } from "@/lib/metrics";
import { getJobQueue } from "@/lib/server/jobs";
import { queueSlackMessage } from "@/lib/server/slack";
import { enqueueTracking } from "./track-job";
import type { InfraConfig, InfraDeps } from "./types";

export { abortRun, approvePlan, requestApply, requestPlan, unlockEnvironment } from "./actions";
export { runDto } from "./runs";
export { syncRun } from "./tracker";
export type { Caller, InfraConfig, InfraDeps, RunDto } from "./types";

export function infraConfig(): InfraConfig {
  const env = getEnv();
  return {
    planJob: env.JENKINS_PLAN_JOB,
    applyJob: env.JENKINS_APPLY_JOB,
    planTtlMinutes: env.INFRA_PLAN_TTL_MINUTES,
    lockTtlSeconds: env.INFRA_LOCK_TTL_SECONDS,
    runTimeoutMinutes: env.INFRA_RUN_TIMEOUT_MINUTES,
  };
}

export async function infraDeps(): Promise<InfraDeps> {
  // Open before any transaction: the run's tracking job is enqueued inside it.
  await getJobQueue();
  return {
    enqueueTracking: (tx, runId) => enqueueTracking(tx, runId),
    notify: (tx, notice) => queueSlackMessage(tx, notice),
    db: await getDb(),
    jenkins: getIntegrations().jenkins,
    catalog: getCatalog,
    config: infraConfig(),
    countEvent: countBusinessEvent,
  };
}
