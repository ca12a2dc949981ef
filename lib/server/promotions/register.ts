// The promotion jobs on the portal's queue: "promotion.execute" (the executor, one job per
// promotion) and "promotion.expire" (a request still waiting at its expiry). Split from jobs.ts so
// tests register them with their own database, git, Argo CD and clock.
import { z } from "zod";
import type { DbTx } from "@/lib/db";
import type { ExecutorStep } from "@/lib/domain/promotions";
import { enqueueJob, type QueueTx } from "@/lib/server/jobs";
import { registerJob } from "@/lib/server/jobs/registry";
import { type ExecutorHooks, PromotionExecutor } from "./executor";
import type { ExecutorDeps } from "./ports";
import { expirePromotion, type ServiceDeps } from "./service";

export const PROMOTION_EXECUTE_JOB = "promotion.execute";
export const PROMOTION_EXPIRE_JOB = "promotion.expire";

const payload = z.object({ promotionId: z.uuid() });

/**
 * Enqueues this promotion's executor job in `tx` (a transition's "commit", or the executor's own
 * requeue after a long wait). stately + singletonKey: at most one queued and one running executor
 * job per promotion.
 */
export async function enqueuePromotionExecution(tx: DbTx, promotionId: string, afterSeconds: number) {
  await enqueueJob(
    tx as unknown as QueueTx,
    PROMOTION_EXECUTE_JOB,
    { promotionId },
    { startAfterSeconds: afterSeconds, singletonKey: promotionId },
  );
}

/**
 * Schedules what a transition asked for, in the caller's transaction: "commit" starts the executor,
 * "expire" checks the request at its expiry. The executor's own steps (sync, watch, verify, rollback)
 * run inside its job, so they need no job of their own.
 */
export async function schedulePromotionStep(tx: DbTx, promotionId: string, step: ExecutorStep, notBefore: Date | null) {
  const afterSeconds = notBefore ? Math.max(0, Math.ceil((notBefore.getTime() - Date.now()) / 1000)) : 0;
  if (step === "expire") {
    await enqueueJob(
      tx as unknown as QueueTx,
      PROMOTION_EXPIRE_JOB,
      { promotionId },
      { startAfterSeconds: afterSeconds },
    );
    return;
  }
  await enqueuePromotionExecution(tx, promotionId, afterSeconds);
}

export function registerPromotionJobs(
  deps: () => Promise<{ executor: ExecutorDeps; hooks: ExecutorHooks; service: ServiceDeps }>,
) {
  registerJob(
    PROMOTION_EXECUTE_JOB,
    payload,
    async ({ promotionId }, ctx) => {
      const d = await deps();
      await new PromotionExecutor(d.executor, d.hooks).run(promotionId, ctx.jobId, ctx.signal);
    },
    // A promotion takes minutes (sync, verification window): one job may run up to an hour, beating
    // every few seconds; a killed process's job moves to another within ≈ 25 s.
    {
      policy: "stately",
      expireInSeconds: 3600,
      heartbeatSeconds: 15,
      retryLimit: 10,
      retryDelaySeconds: 2,
      localConcurrency: 4,
    },
  );
  registerJob(
    PROMOTION_EXPIRE_JOB,
    payload,
    async ({ promotionId }) => {
      await expirePromotion((await deps()).service, promotionId);
    },
    { retryLimit: 5, localConcurrency: 1, expireInSeconds: 120 },
  );
}
