import "server-only";
// What the portal shows about a target's Slack messages: the thread link and any message that
// failed for good (or is still being retried), so Slack trouble is visible on the page.
import type { DbTx } from "@/lib/db";

export interface SlackDeliveryView {
  kind: string;
  status: string;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

export interface SlackThreadView {
  permalink: string | null;
  messages: SlackDeliveryView[];
}

export async function slackThreadView(db: DbTx, targetType: string, targetId: string): Promise<SlackThreadView> {
  const [thread, rows] = await Promise.all([
    db.slackThread.findUnique({
      where: { targetType_targetId: { targetType, targetId } },
      select: { permalink: true },
    }),
    db.slackOutbox.findMany({
      where: { targetType, targetId },
      orderBy: { seq: "asc" },
      select: { kind: true, status: true, attempts: true, lastError: true, createdAt: true, deliveredAt: true },
    }),
  ]);
  return {
    permalink: thread?.permalink ?? null,
    messages: rows.map((r) => ({
      kind: r.kind,
      status: r.status,
      attempts: r.attempts,
      lastError: r.lastError,
      createdAt: r.createdAt.toISOString(),
      deliveredAt: r.deliveredAt?.toISOString() ?? null,
    })),
  };
}
