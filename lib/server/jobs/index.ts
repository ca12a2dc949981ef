import "server-only";
// The portal's one PostgreSQL-backed job queue (pg-boss; docs/adr/0006-job-queue.md). Domains
// register handlers and enqueue inside their own transactions:
//
//   registerJob("promotion.execute", z.object({ promotionId: z.uuid() }), async ({ promotionId }) => { … });
//
//   const jobs = await getJobQueue();            // before the transaction (opens it once per process)
//   await db.$transaction(async (tx) => {
//     await tx.promotion.update({ … });           // the state change
//     await recordAudit(tx, { … });               // its audit event
//     await enqueueJob(tx, "promotion.execute", { promotionId });   // the work it asks for
//   });
//
// Workers start from instrumentation.ts (JOB_WORKERS, on by default) in every portal process.
import { getDbAdapter } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { logger } from "@/lib/log";
import { type EnqueueOptions, JobQueue, JobQueueError, type QueueTx, type ScheduleOptions } from "./queue";

export { type EnqueueOptions, JobQueue, JobQueueError, type QueueTx, type ScheduleOptions } from "./queue";
export { type JobContext, type JobHandler, type JobOptions, registerJob } from "./registry";

const holder = globalThis as unknown as { __nuraJobQueue?: Promise<JobQueue>; __nuraJobQueueOpen?: JobQueue };

/** The process's queue, opened on first use after every job module of handlers.ts registered. */
export function getJobQueue(): Promise<JobQueue> {
  holder.__nuraJobQueue ??= (async () => {
    await import("./handlers");
    const adapter = await getDbAdapter();
    const env = getEnv();
    const queue = await JobQueue.open(
      adapter.kind === "pglite"
        ? { kind: "pglite", client: adapter.pglite! }
        : { kind: "postgres", url: env.DATABASE_URL! },
      { onError: (err) => logger.error({ err }, "job queue error") },
    );
    holder.__nuraJobQueueOpen = queue;
    return queue;
  })();
  holder.__nuraJobQueue.catch(() => {
    holder.__nuraJobQueue = undefined;
  });
  return holder.__nuraJobQueue;
}

/** Makes `queue` this process's queue (tests and scripts that open their own JobQueue). */
export function installJobQueue(queue: JobQueue): void {
  holder.__nuraJobQueueOpen = queue;
  holder.__nuraJobQueue = Promise.resolve(queue);
}

/**
 * Enqueues inside the caller's transaction. The queue must be open (await getJobQueue() before
 * the transaction): opening it here could wait on the transaction itself on embedded PGlite.
 */
export async function enqueueJob(
  tx: QueueTx,
  name: string,
  payload: unknown,
  opts?: EnqueueOptions,
): Promise<string | null> {
  const queue = holder.__nuraJobQueueOpen;
  if (!queue) throw new JobQueueError("the job queue is not open: await getJobQueue() before the transaction");
  return queue.enqueue(tx, name, payload, opts);
}

/** A recurring job (cron, UTC); kept in the database, fired by one process. */
export async function scheduleJob(name: string, cron: string, payload: unknown, opts?: ScheduleOptions) {
  const queue = await getJobQueue();
  await queue.schedule(name, cron, payload, opts);
}

/** Starts this process's workers (instrumentation.ts); stops them on SIGTERM/SIGINT. */
export async function startJobWorkers(): Promise<void> {
  const queue = await getJobQueue();
  await queue.startWorkers();
  const stop = () => {
    void queue.stop().catch((err) => logger.error({ err }, "job queue stop failed"));
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
  logger.info({ database: queue.database }, "job workers started");
}
