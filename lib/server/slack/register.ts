// The "slack.deliver" job: one slack_outbox row per job, retried with backoff by the queue. Split
// from jobs.ts so tests register it with their own database, Slack and links.
import { z } from "zod";
import { registerJob } from "@/lib/server/jobs/registry";
import { type DeliverDeps, deliverSlackMessage } from "./deliver";

export const SLACK_DELIVER_JOB = "slack.deliver";

/** 1 + 6 tries over ≈ 4 minutes (2 s doubling, capped at 2 min): long enough for a Slack blip. */
export const SLACK_RETRY = { retryLimit: 6, retryDelaySeconds: 2, retryDelayMaxSeconds: 120 } as const;

type Retry = { retryLimit: number; retryDelaySeconds: number; retryDelayMaxSeconds: number };

export function registerSlackDelivery(deps: () => Promise<DeliverDeps>, retry: Partial<Retry> = {}) {
  const r: Retry = { ...SLACK_RETRY, ...retry };
  return registerJob(
    SLACK_DELIVER_JOB,
    z.object({ outboxId: z.uuid() }),
    async ({ outboxId }, ctx) => {
      await deliverSlackMessage(outboxId, { attempt: ctx.attempt, retryLimit: r.retryLimit }, await deps());
    },
    // One at a time per process keeps a target's messages in order in the common case.
    { ...r, localConcurrency: 1, expireInSeconds: 120 },
  );
}
