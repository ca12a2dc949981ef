import "server-only";
// The one way the portal asks for a Slack message: a slack_outbox row written with the caller's
// transaction (so the message exists exactly when the change it announces commits) and a
// "slack.deliver" job enqueued in that same transaction. Nothing here talks to Slack, so Slack
// being slow or down can never hold up or fail the change itself.
import type { DbTx } from "@/lib/db";
import { enqueueJob, type QueueTx } from "@/lib/server/jobs";
import { slackConfigured } from "./config";
import { noticeTarget, type SlackNotice, slackNoticeSchema } from "./notice";
import { SLACK_DELIVER_JOB } from "./register";

/** pending → sending → sent | failed; skipped when no Slack is configured (nothing to send). */
export type OutboxStatus = "pending" | "sending" | "sent" | "failed" | "skipped";

export type EnqueueDelivery = (tx: QueueTx, outboxId: string) => Promise<unknown>;

const enqueueDelivery: EnqueueDelivery = (tx, outboxId) => enqueueJob(tx, SLACK_DELIVER_JOB, { outboxId });

/**
 * Queues `notice` inside `tx`. The queue must be open (await getJobQueue() before the
 * transaction, see lib/server/jobs). Returns the outbox row id.
 */
export async function queueSlackMessage(
  tx: DbTx & QueueTx,
  notice: SlackNotice,
  opts: { enqueue?: EnqueueDelivery; configured?: boolean } = {},
): Promise<string> {
  const parsed = slackNoticeSchema.parse(notice);
  const configured = opts.configured ?? slackConfigured();
  const row = await tx.slackOutbox.create({
    data: {
      kind: `${parsed.kind}.${parsed.event}`,
      ...noticeTarget(parsed),
      payload: parsed,
      status: configured ? "pending" : "skipped",
      ...(configured ? {} : { lastError: "Slack is not configured (SLACK_BOT_TOKEN or SLACK_WEBHOOK_URL)" }),
    },
    select: { id: true },
  });
  if (configured) await (opts.enqueue ?? enqueueDelivery)(tx, row.id);
  return row.id;
}
