import "server-only";
// Sends one slack_outbox row. Bot mode: the first message of a target opens its thread (for a
// promotion: the summary), later steps reply in the thread and the first message is updated in
// place; the thread's permalink is stored for the portal page. Webhook mode: one plain post per
// step. Rows of one target go out in order (seq): a row waits while an earlier one is in flight.
// Retryable failures go back to the job queue (backoff there); a refusal Slack will repeat, or
// the last attempt, marks the row failed — the promotion page shows it. Never throws into a
// promotion: this only runs as the "slack.deliver" job.
import type { Db } from "@/lib/db";
import type { SlackApi, SlackMessageRef } from "@/lib/integrations/slack/api";
import { SlackError } from "@/lib/integrations/slack/client";
import { slackNoticeSchema } from "./notice";
import { type RenderLinks, renderNotice } from "./render";

/** A "sending" row claimed longer ago than this belonged to a worker that died: take it over. */
export const STALE_CLAIM_MS = 60_000;
/** How long a row waits for an earlier row of its target before looking again. */
export const WAIT_FOR_EARLIER_SECONDS = 2;

export interface DeliverDeps {
  db: Db;
  slack: SlackApi | null;
  links: RenderLinks;
  /** Re-enqueue this row's delivery later (without spending a retry). */
  deliverLater: (outboxId: string, afterSeconds: number) => Promise<unknown>;
  now?: () => Date;
  log?: { warn: (obj: object, msg: string) => void };
}

export interface DeliverAttempt {
  attempt: number;
  retryLimit: number;
}

export type DeliverResult = "sent" | "failed" | "waiting" | "not-pending";

function explainError(err: unknown): { message: string; retryable: boolean } {
  if (err instanceof SlackError) return { message: err.message, retryable: err.retryable };
  return { message: err instanceof Error ? err.message : String(err), retryable: true };
}

export async function deliverSlackMessage(
  outboxId: string,
  attempt: DeliverAttempt,
  deps: DeliverDeps,
): Promise<DeliverResult> {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());
  const row = await db.slackOutbox.findUnique({
    where: { id: outboxId },
    select: { id: true, seq: true, targetType: true, targetId: true, payload: true, status: true },
  });
  if (!row || (row.status !== "pending" && row.status !== "sending")) return "not-pending";

  const earlier = await db.slackOutbox.findFirst({
    where: {
      targetType: row.targetType,
      targetId: row.targetId,
      seq: { lt: row.seq },
      status: { in: ["pending", "sending"] },
    },
    select: { id: true },
  });
  if (earlier) {
    await deps.deliverLater(row.id, WAIT_FOR_EARLIER_SECONDS);
    return "waiting";
  }

  const claimed = await db.slackOutbox.updateMany({
    where: {
      id: row.id,
      OR: [{ status: "pending" }, { status: "sending", claimedAt: { lt: new Date(now().getTime() - STALE_CLAIM_MS) } }],
    },
    data: { status: "sending", claimedAt: now(), attempts: { increment: 1 } },
  });
  if (claimed.count === 0) return "not-pending";

  const fail = async (message: string) => {
    await db.slackOutbox.update({
      where: { id: row.id },
      data: { status: "failed", lastError: message.slice(0, 1000) },
    });
    return "failed" as const;
  };

  const notice = slackNoticeSchema.safeParse(row.payload);
  if (!notice.success) return fail(`unreadable payload: ${notice.error.issues[0]?.message}`);
  if (!deps.slack) return fail("Slack is not configured (SLACK_BOT_TOKEN or SLACK_WEBHOOK_URL)");
  const slack = deps.slack;
  const rendered = renderNotice(notice.data, deps.links);
  const target = { targetType: row.targetType, targetId: row.targetId };

  try {
    let posted: SlackMessageRef | null = null;
    let warning: string | null = null;
    if (!slack.supportsThreads) {
      posted = await slack.postMessage(rendered.event);
    } else {
      const thread = await db.slackThread.findUnique({
        where: { targetType_targetId: target },
        select: { channel: true, ts: true, permalink: true },
      });
      if (!thread) {
        // The first message of this target: the summary when there is one, else the step itself.
        const root = await slack.postMessage(rendered.summary ?? rendered.event);
        if (!root) throw new SlackError(null, "no_ts", "chat.postMessage returned no message ts", true);
        await db.slackThread.create({ data: { ...target, channel: root.channel, ts: root.ts } });
        posted = root;
        if (rendered.summary && !rendered.opensThread) {
          posted = await slack.postMessage(rendered.event, { threadTs: root.ts });
        }
        warning = await storePermalink(db, slack, target, root);
      } else {
        posted = await slack.postMessage(rendered.event, { threadTs: thread.ts });
        if (rendered.summary) {
          // The reply is out; an outdated first message is cosmetic, so a failed update does not resend it.
          try {
            await slack.updateMessage({ channel: thread.channel, ts: thread.ts }, rendered.summary);
          } catch (err) {
            warning = `chat.update of the first message failed: ${explainError(err).message}`;
          }
        }
        if (!thread.permalink) warning = (await storePermalink(db, slack, target, thread)) ?? warning;
      }
    }
    await db.slackOutbox.update({
      where: { id: row.id },
      data: {
        status: "sent",
        deliveredAt: now(),
        channel: posted?.channel ?? null,
        ts: posted?.ts ?? null,
        lastError: warning,
      },
    });
    return "sent";
  } catch (err) {
    const { message, retryable } = explainError(err);
    if (!retryable || attempt.attempt >= attempt.retryLimit) return fail(message);
    await db.slackOutbox.update({
      where: { id: row.id },
      data: { status: "pending", lastError: message.slice(0, 1000) },
    });
    deps.log?.warn({ outboxId: row.id, attempt: attempt.attempt, err: message }, "slack delivery failed; retrying");
    throw err;
  }
}

/** Stores the thread's permalink; a failure is a warning (the next step tries again). */
async function storePermalink(
  db: Db,
  slack: SlackApi,
  target: { targetType: string; targetId: string },
  ref: SlackMessageRef,
): Promise<string | null> {
  try {
    const permalink = await slack.getPermalink(ref);
    await db.slackThread.update({ where: { targetType_targetId: target }, data: { permalink } });
    return null;
  } catch (err) {
    return `chat.getPermalink failed: ${explainError(err).message}`;
  }
}
