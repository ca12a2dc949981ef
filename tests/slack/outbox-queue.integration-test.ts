// queueSlackMessage on the real job queue (pg-boss on PostgreSQL) and the sandbox Slack emulator:
// the message exists exactly when the caller's transaction commits, a rolled-back change sends
// nothing, and Slack being down delays the message without touching the change.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PromotionSnapshot } from "@/lib/integrations/slack/promotion-messages";
import { JobQueue } from "@/lib/server/jobs/queue";
import { clearJobRegistry } from "@/lib/server/jobs/registry";
import { queueSlackMessage } from "@/lib/server/slack/outbox";
import { registerSlackDelivery, SLACK_DELIVER_JOB } from "@/lib/server/slack/register";
import type { ManagedServer } from "@/sandbox/faults/managed-server";
import type { SlackStore } from "@/sandbox/slack/server";
import { databaseUrl, openDb } from "../audit/support";
import { waitFor } from "../sandbox/helpers";
import { startSlackSandbox } from "./support";

const BOT_TOKEN = "xoxb-000000000000-000000000000-queuetest";
const db = openDb(6);
let server: ManagedServer;
let store: SlackStore;
let queue: JobQueue;

const snapshot = (id: string, status = "requested"): PromotionSnapshot => ({
  id,
  application: "nura-core",
  fromEnvironment: "dev",
  toEnvironment: "staging",
  imageTag: "1.4.2",
  status,
  requestedBy: "Diego Developer",
  approvals: { required: 1, given: [] },
});
const enqueue = (tx: Parameters<JobQueue["enqueue"]>[0], outboxId: string) =>
  queue.enqueue(tx, SLACK_DELIVER_JOB, { outboxId });

beforeAll(async () => {
  const sandbox = await startSlackSandbox({ botToken: BOT_TOKEN, webhookPath: "/services/T/B/x", timeoutMs: 1000 });
  ({ server, store } = sandbox);
  const slack = sandbox.bot;
  clearJobRegistry();
  registerSlackDelivery(
    async () => ({
      db,
      slack,
      links: { portalUrl: "http://localhost:3000", commitUrl: () => null },
      deliverLater: (id, after) => queue.enqueue(db, SLACK_DELIVER_JOB, { outboxId: id }, { startAfterSeconds: after }),
    }),
    { retryDelaySeconds: 1, retryDelayMaxSeconds: 2 },
  );
  queue = await JobQueue.open(
    { kind: "postgres", url: databaseUrl() },
    { pollingIntervalSeconds: 0.5, instanceName: "slack-test" },
  );
  await queue.startWorkers();
});
afterAll(async () => {
  await queue?.stop(2000);
  await server?.close();
  await db.$disconnect();
});

const messagesOf = (id: string) => store.messages.filter((m) => JSON.stringify(m.blocks).includes(`/promotions/${id}`));

describe("queueSlackMessage", () => {
  it("delivers what a committed transaction queued: the thread, then its reply", async () => {
    const id = crypto.randomUUID();
    await db.$transaction(async (tx) => {
      await queueSlackMessage(
        tx,
        { kind: "promotion", event: "requested", promotion: snapshot(id) },
        { enqueue, configured: true },
      );
      await queueSlackMessage(
        tx,
        { kind: "promotion", event: "approval_needed", promotion: snapshot(id) },
        { enqueue, configured: true },
      );
    });
    // The row is marked sent just after Slack answered: wait for the rows, then look at Slack.
    await waitFor(
      "both rows sent",
      async () => (await db.slackOutbox.count({ where: { targetId: id, status: "sent" } })) === 2,
      20_000,
    );
    const [root, reply] = messagesOf(id);
    expect(messagesOf(id)).toHaveLength(2);
    expect(reply!.threadTs).toBe(root!.ts);
  });

  it("a rolled-back transaction leaves no row and sends nothing", async () => {
    const id = crypto.randomUUID();
    await expect(
      db.$transaction(async (tx) => {
        await queueSlackMessage(
          tx,
          { kind: "promotion", event: "requested", promotion: snapshot(id) },
          { enqueue, configured: true },
        );
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    await new Promise((r) => setTimeout(r, 1500));
    expect(await db.slackOutbox.count({ where: { targetId: id } })).toBe(0);
    expect(messagesOf(id)).toHaveLength(0);
  });

  it("Slack down: the change commits at once, the message follows when Slack is back", async () => {
    const id = crypto.randomUUID();
    await server.setFault({ down: true });
    const t0 = Date.now();
    await db.$transaction(async (tx) => {
      await queueSlackMessage(
        tx,
        { kind: "promotion", event: "requested", promotion: snapshot(id) },
        { enqueue, configured: true },
      );
    });
    expect(Date.now() - t0).toBeLessThan(1000);
    await waitFor(
      "a failed attempt",
      async () => ((await db.slackOutbox.findFirst({ where: { targetId: id } }))?.attempts ?? 0) >= 1,
      15_000,
    );
    expect(messagesOf(id)).toHaveLength(0);
    await server.setFault({ down: false });
    await waitFor(
      "the message after Slack came back",
      async () => (await db.slackOutbox.findFirst({ where: { targetId: id } }))?.status === "sent",
      30_000,
    );
    expect(messagesOf(id)).toHaveLength(1);
  });

  it("without Slack configured it records a skipped row and queues nothing", async () => {
    const id = crypto.randomUUID();
    let enqueued = 0;
    await db.$transaction((tx) =>
      queueSlackMessage(
        tx,
        { kind: "promotion", event: "requested", promotion: snapshot(id) },
        {
          enqueue: async () => {
            enqueued++;
          },
          configured: false,
        },
      ),
    );
    expect(enqueued).toBe(0);
    expect(await db.slackOutbox.findFirst({ where: { targetId: id } })).toMatchObject({ status: "skipped" });
  });
});
