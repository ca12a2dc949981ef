import "server-only";
// The application domain's background work on the portal's one job queue (lib/server/jobs):
// "argocd.operation-outcome" follows a sync or rollback the portal started until Argo CD's
// operation ends and records its real outcome (./operation-outcome.ts). One job follows one
// operation for at most HOP_SECONDS, then hands over to the next hop; the singleton key
// <intentSeq>#<hop> keeps a retried job from starting a second chain.
import { z } from "zod";
import { getDb } from "@/lib/db";
import { getIntegrations } from "@/lib/integrations";
import { enqueueJob, getJobQueue, registerJob } from "@/lib/server/jobs";
import { type FollowDeps, followOperation, type OperationWatch, recordOutcomeOnce } from "./operation-outcome";

export const OPERATION_OUTCOME_JOB = "argocd.operation-outcome";
const HOP_SECONDS = 240;
/** 15 hops of 4 min: an operation still running after an hour is recorded as not seen to end. */
const MAX_HOPS = 15;
const TICK_MS = 1000;

const watchSchema = z.object({
  action: z.enum(["argocd.sync", "argocd.rollback"]),
  argoApp: z.string().min(1),
  application: z.string().min(1),
  environment: z.string().min(1),
  intentSeq: z.string().regex(/^\d+$/),
  operationStartedAt: z.string().nullable(),
  requestedAt: z.string(),
  actor: z.object({
    id: z.string().nullable(),
    email: z.string().nullable(),
    role: z.string().nullable(),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
  }),
  correlationId: z.string().nullable(),
  details: z.record(z.string(), z.json()),
});
const payloadSchema = z.object({ watch: watchSchema, hop: z.number().int().min(0) });

/** Enqueues hop `hop` of a watch (the queue must be open: getJobQueue() first). */
export async function enqueueOperationWatch(watch: OperationWatch, hop = 0): Promise<void> {
  await getJobQueue();
  const db = await getDb();
  await enqueueJob(
    db,
    OPERATION_OUTCOME_JOB,
    { watch, hop },
    { singletonKey: `${watch.intentSeq}#${hop}`, startAfterSeconds: hop === 0 ? 1 : 0 },
  );
}

export function registerApplicationJobs(makeDeps: () => FollowDeps): void {
  registerJob(
    OPERATION_OUTCOME_JOB,
    payloadSchema,
    async ({ watch, hop }, ctx) => {
      await followOperation(makeDeps(), watch as OperationWatch, hop, ctx.signal);
    },
    // Argo CD unreachable for a while: retried with backoff, the operation keeps its startedAt.
    { retryLimit: 20, retryDelaySeconds: 2, retryDelayMaxSeconds: 30, expireInSeconds: HOP_SECONDS + 120 },
  );
}

registerApplicationJobs(() => ({
  argocd: getIntegrations().argocd,
  recordOnce: async (event) => recordOutcomeOnce(await getDb(), event),
  enqueueHop: enqueueOperationWatch,
  tickMs: TICK_MS,
  hopMs: HOP_SECONDS * 1000,
  maxHops: MAX_HOPS,
}));
