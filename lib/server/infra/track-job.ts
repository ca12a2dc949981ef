import "server-only";
// The name and enqueue of the run-tracking job (registered in ./jobs.ts), apart from its handler so
// the services can enqueue it without importing the handler's wiring.
import { enqueueJob } from "@/lib/server/jobs";
import type { QueueTx } from "@/lib/server/jobs/queue";

export const TRACK_RUN_JOB = "infra.track-run";

/** Enqueues hop `hop` of a run's tracking; inside the transaction that created the run for hop 0. */
export async function enqueueTracking(tx: QueueTx, runId: string, hop = 0): Promise<void> {
  await enqueueJob(
    tx,
    TRACK_RUN_JOB,
    { runId, hop },
    { singletonKey: `${runId}#${hop}`, startAfterSeconds: hop === 0 ? 1 : 0 },
  );
}
