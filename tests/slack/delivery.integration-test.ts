// Slack delivery from slack_outbox on real PostgreSQL to the sandbox Slack emulator: threads, the
// first message updated in place, permalinks, order within a target, retries and permanent
// failures, webhook mode, and a claimed row of a dead worker taken over.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { SlackApi } from "@/lib/integrations/slack/api";
import { createSlackBotClient, createSlackWebhookClient } from "@/lib/integrations/slack/client";
import type { PromotionSnapshot } from "@/lib/integrations/slack/promotion-messages";
import { type DeliverDeps, deliverSlackMessage } from "@/lib/server/slack/deliver";
import { noticeTarget, type SlackNotice } from "@/lib/server/slack/notice";
import { slackThreadView } from "@/lib/server/slack/read";
import type { ManagedServer } from "@/sandbox/faults/managed-server";
import type { SlackStore } from "@/sandbox/slack/server";
import { openDb } from "../audit/support";
import { startSlackSandbox } from "./support";

const BOT_TOKEN = "xoxb-000000000000-000000000000-deliverytest";
const WEBHOOK = "/services/T0SANDBOX/B0SANDBOX/deliverysecret";
const db = openDb(4);
let server: ManagedServer;
let store: SlackStore;
let bot: SlackApi;
const later: { id: string; after: number }[] = [];

const snapshot = (id: string, p: Partial<PromotionSnapshot> = {}): PromotionSnapshot => ({
  id,
  application: "nura-core",
  fromEnvironment: "staging",
  toEnvironment: "prod",
  imageTag: "1.4.2",
  status: "requested",
  requestedBy: "Dana Developer",
  approvals: { required: 2, given: [] },
  ...p,
});

/** What queueSlackMessage writes (the job enqueue is the queue's business, tested there). */
async function outbox(notice: SlackNotice): Promise<string> {
  const row = await db.slackOutbox.create({
    data: { kind: `${notice.kind}.${notice.event}`, ...noticeTarget(notice), payload: notice, status: "pending" },
    select: { id: true },
  });
  return row.id;
}

const deps = (slack: SlackApi | null = bot): DeliverDeps => ({
  db,
  slack,
  links: { portalUrl: "http://localhost:3103", commitUrl: (sha) => `http://git.local/c/${sha}` },
  deliverLater: async (id, after) => {
    later.push({ id, after });
  },
});
const first = { attempt: 0, retryLimit: 3 };

beforeAll(async () => {
  ({ server, store, bot } = await startSlackSandbox({ botToken: BOT_TOKEN, webhookPath: WEBHOOK, timeoutMs: 800 }));
});
afterAll(async () => {
  await server?.close();
  await db.$disconnect();
});
afterEach(async () => {
  await server.setFault({ errorRate: 0, latencyMs: 0 });
  store.clear();
  later.length = 0;
});

describe("bot mode", () => {
  it("opens a thread with the summary, replies to later steps and updates the summary in place", async () => {
    const id = crypto.randomUUID();
    const requested = await outbox({ kind: "promotion", event: "requested", promotion: snapshot(id) });
    const needed = await outbox({ kind: "promotion", event: "approval_needed", promotion: snapshot(id) });
    // The reply cannot go before the thread exists: it waits without spending a retry.
    expect(await deliverSlackMessage(needed, first, deps())).toBe("waiting");
    expect(later).toEqual([{ id: needed, after: 2 }]);
    expect(await deliverSlackMessage(requested, first, deps())).toBe("sent");
    expect(await deliverSlackMessage(needed, first, deps())).toBe("sent");
    const approved = await outbox({
      kind: "promotion",
      event: "approved",
      promotion: snapshot(id, {
        status: "requested",
        actor: "Ana",
        approvals: { required: 2, given: [{ name: "Ana", comment: "lgtm" }] },
      }),
    });
    expect(await deliverSlackMessage(approved, first, deps())).toBe("sent");
    // Delivering twice (a job run again) sends nothing more.
    expect(await deliverSlackMessage(approved, first, deps())).toBe("not-pending");

    const [root, ...replies] = store.messages;
    expect(replies.map((r) => r.threadTs)).toEqual([root!.ts, root!.ts]);
    expect(root!.editedAt).toBeDefined();
    expect(JSON.stringify(root!.blocks)).toContain("1 of 2 (Ana)");
    expect(replies[1]!.text).toBe("Ana approved nura-core 1.4.2 → prod (1 of 2)");

    const view = await slackThreadView(db, "promotion", id);
    expect(view.permalink).toBe(`${server.url}/archives/${root!.channel}/p${root!.ts.replace(".", "")}`);
    expect(view.messages.map((m) => [m.kind, m.status, m.attempts])).toEqual([
      ["promotion.requested", "sent", 1],
      ["promotion.approval_needed", "sent", 1],
      ["promotion.approved", "sent", 1],
    ]);
  });

  it("a later step whose first message failed for good opens the thread itself", async () => {
    const id = crypto.randomUUID();
    await db.slackOutbox.create({
      data: { kind: "promotion.requested", targetType: "promotion", targetId: id, payload: {}, status: "failed" },
    });
    const rolled = await outbox({
      kind: "promotion",
      event: "rolled_back",
      promotion: snapshot(id, { status: "rolled_back", reason: "Degraded after sync", revertSha: "abcdef1234567" }),
    });
    expect(await deliverSlackMessage(rolled, first, deps())).toBe("sent");
    expect(store.messages).toHaveLength(2);
    expect(store.messages[1]).toMatchObject({ threadTs: store.messages[0]!.ts });
    expect(JSON.stringify(store.messages[1]!.blocks)).toContain("*Why:* Degraded after sync");
  });

  it("retries while Slack is down, then fails for good on the last attempt; the page sees why", async () => {
    const id = crypto.randomUUID();
    const row = await outbox({ kind: "promotion", event: "requested", promotion: snapshot(id) });
    await server.setFault({ errorRate: 1 });
    await expect(deliverSlackMessage(row, { attempt: 0, retryLimit: 1 }, deps())).rejects.toMatchObject({
      retryable: true,
    });
    expect(await db.slackOutbox.findUnique({ where: { id: row } })).toMatchObject({ status: "pending", attempts: 1 });
    expect(await deliverSlackMessage(row, { attempt: 1, retryLimit: 1 }, deps())).toBe("failed");
    const view = await slackThreadView(db, "promotion", id);
    expect(view.permalink).toBeNull();
    expect(view.messages[0]).toMatchObject({ status: "failed", attempts: 2 });
    expect(view.messages[0]!.lastError).toContain("chat.postMessage: HTTP 500");
  });

  it("a refusal Slack will repeat fails at once", async () => {
    const wrongChannel = createSlackBotClient({ baseUrl: `${server.url}/api/`, token: BOT_TOKEN, channel: "#general" });
    const row = await outbox({ kind: "promotion", event: "requested", promotion: snapshot(crypto.randomUUID()) });
    expect(await deliverSlackMessage(row, first, deps(wrongChannel))).toBe("failed");
    expect(await db.slackOutbox.findUnique({ where: { id: row } })).toMatchObject({
      status: "failed",
      lastError: "chat.postMessage: not_in_channel",
    });
  });

  it("takes over a row claimed by a worker that died, but not one being sent right now", async () => {
    const row = await outbox({ kind: "promotion", event: "requested", promotion: snapshot(crypto.randomUUID()) });
    await db.slackOutbox.update({ where: { id: row }, data: { status: "sending", claimedAt: new Date() } });
    expect(await deliverSlackMessage(row, first, deps())).toBe("not-pending");
    await db.slackOutbox.update({ where: { id: row }, data: { claimedAt: new Date(Date.now() - 120_000) } });
    expect(await deliverSlackMessage(row, first, deps())).toBe("sent");
  });

  it("two workers on one row send it once", async () => {
    const row = await outbox({ kind: "promotion", event: "requested", promotion: snapshot(crypto.randomUUID()) });
    const results = await Promise.all([
      deliverSlackMessage(row, first, deps()),
      deliverSlackMessage(row, first, deps()),
    ]);
    expect(results.sort()).toEqual(["not-pending", "sent"]);
    expect(store.messages).toHaveLength(1);
  });

  it("infra runs get a thread of their own with a link to the run", async () => {
    const run = {
      id: crypto.randomUUID(),
      environment: "prod",
      kind: "drift" as const,
      summary: { add: 0, change: 1, destroy: 0 },
    };
    const row = await outbox({ kind: "infra", event: "drift_detected", run, path: `/infrastructure/runs/${run.id}` });
    expect(await deliverSlackMessage(row, first, deps())).toBe("sent");
    expect(JSON.stringify(store.messages[0]!.blocks)).toContain(`http://localhost:3103/infrastructure/runs/${run.id}`);
  });
});

describe("webhook mode", () => {
  it("posts each step as a plain message, no thread", async () => {
    const hook = createSlackWebhookClient({ webhookUrl: `${server.url}${WEBHOOK}` });
    const id = crypto.randomUUID();
    const a = await outbox({ kind: "promotion", event: "requested", promotion: snapshot(id) });
    const b = await outbox({ kind: "promotion", event: "succeeded", promotion: snapshot(id, { status: "succeeded" }) });
    expect(await deliverSlackMessage(a, first, deps(hook))).toBe("sent");
    expect(await deliverSlackMessage(b, first, deps(hook))).toBe("sent");
    expect(store.messages.map((m) => [m.source, m.threadTs, m.text])).toEqual([
      ["webhook", undefined, "Dana Developer requested nura-core 1.4.2 → prod"],
      ["webhook", undefined, "Succeeded: nura-core 1.4.2 → prod"],
    ]);
    expect((await slackThreadView(db, "promotion", id)).permalink).toBeNull();
  });

  it("without any Slack configured the row fails with the reason", async () => {
    const row = await outbox({ kind: "promotion", event: "requested", promotion: snapshot(crypto.randomUUID()) });
    expect(await deliverSlackMessage(row, first, deps(null))).toBe("failed");
  });
});
