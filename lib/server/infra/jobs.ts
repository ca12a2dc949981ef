import "server-only";
// The infra runs' background work, on the portal's one job queue (lib/server/jobs):
// - "infra.track-run": follows a run in Jenkins until it ends (syncRun every 2 s), so a plan or
//   apply finishes, releases its lock and records its artifacts with nobody watching the page. A
//   job follows one run for at most HOP_SECONDS, then hands over to the next hop; the singleton key
//   <run>#<hop> keeps a job retried after a crash from starting a second chain. A portal that dies
//   mid-hop loses its heartbeat and another process resumes the hop.
// - "infra.drift-plan": the scheduled plan of one environment (INFRA_DRIFT_INTERVAL_MINUTES);
//   skipped, not failed, while the environment is locked by another run.
import { z } from "zod";
import { driftCron, isTerminal } from "@/lib/domain/infra-runs";
import { getEnv } from "@/lib/env";
import { isAppError } from "@/lib/http/errors";
import { logger } from "@/lib/log";
import { SYSTEM_ACTOR } from "@/lib/server/audit/record";
import { getJobQueue, registerJob, scheduleJob } from "@/lib/server/jobs";
import { requestPlan } from "./actions";
import { infraDeps } from "./index";
import { enqueueTracking, TRACK_RUN_JOB } from "./track-job";
import { syncRun } from "./tracker";
import type { InfraDeps } from "./types";

const DRIFT = "infra.drift-plan";
const HOP_SECONDS = 240;
const TICK_MS = 2000;

const trackSchema = z.object({ runId: z.uuid(), hop: z.number().int().min(0) });

/** Registers both jobs with the deps they build (the portal's wiring below; tests pass their own). */
export function registerInfraJobs(makeDeps: () => Promise<InfraDeps>): void {
  registerJob(
    TRACK_RUN_JOB,
    trackSchema,
    async ({ runId, hop }, ctx) => {
      const deps = await makeDeps();
      const until = Date.now() + HOP_SECONDS * 1000;
      while (!ctx.signal.aborted) {
        const run = await syncRun(deps, runId);
        if (isTerminal(run.status)) return;
        if (Date.now() > until) break;
        await new Promise((r) => setTimeout(r, TICK_MS));
      }
      await enqueueTracking(deps.db, runId, hop + 1);
    },
    // Jenkins unreachable for a while: retried with backoff (the lock expires meanwhile if it lasts).
    { retryLimit: 20, retryDelaySeconds: 2, retryDelayMaxSeconds: 30, expireInSeconds: HOP_SECONDS + 120 },
  );

  registerJob(
    DRIFT,
    z.object({ environment: z.string().min(1) }),
    async ({ environment }) => {
      const deps = await makeDeps();
      try {
        await requestPlan(
          deps,
          { principal: null, actor: SYSTEM_ACTOR, correlationId: null },
          { environment, trigger: "schedule" },
        );
      } catch (err) {
        if (isAppError(err) && err.code === "conflict") {
          logger.info({ environment, reason: err.message }, "drift check skipped: environment locked");
          return;
        }
        throw err;
      }
    },
    { retryLimit: 2 },
  );
}

registerInfraJobs(infraDeps);

/** Creates (or removes) each environment's drift schedule from INFRA_DRIFT_INTERVAL_MINUTES. */
export async function scheduleDriftPlans(environments: string[]): Promise<void> {
  const cron = driftCron(getEnv().INFRA_DRIFT_INTERVAL_MINUTES);
  const queue = await getJobQueue();
  for (const environment of environments) {
    if (cron) await scheduleJob(DRIFT, cron, { environment }, { key: environment });
    else await queue.unschedule(DRIFT, environment);
  }
}
