// The Slack adapters (bot token through @slack/web-api, incoming webhook through fetch) against the
// sandbox's Slack emulator over HTTP: threads, in-place updates, permalinks, and the errors real
// Slack answers (unknown / not-joined channel, bad token, bad blocks), plus outages and timeouts.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { SlackApi } from "@/lib/integrations/slack/api";
import { createSlackBotClient, createSlackWebhookClient, SlackError } from "@/lib/integrations/slack/client";
import { promotionEventMessage, promotionSummaryMessage } from "@/lib/integrations/slack/promotion-messages";
import type { ManagedServer } from "@/sandbox/faults/managed-server";
import type { SlackStore } from "@/sandbox/slack/server";
import { startSlackSandbox } from "../slack/support";

const BOT_TOKEN = "xoxb-000000000000-000000000000-testtoken";
const WEBHOOK = "/services/T0SANDBOX/B0SANDBOX/testsecret";
let server: ManagedServer;
let store: SlackStore;
let bot: SlackApi;

const links = { portalUrl: "http://localhost:3103", commitUrl: (sha: string) => `http://git.local/commit/${sha}` };
const snapshot = {
  id: "11111111-2222-4333-8444-555555555555",
  application: "nura-core",
  fromEnvironment: "staging",
  toEnvironment: "prod",
  imageTag: "1.4.2",
  status: "requested",
  requestedBy: "Dana Developer",
  approvals: { required: 2, given: [] },
};

async function rejection(p: Promise<unknown>): Promise<SlackError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof SlackError) return err;
    throw err;
  }
  throw new Error("expected a SlackError");
}

beforeAll(async () => {
  ({ server, store, bot } = await startSlackSandbox({ botToken: BOT_TOKEN, webhookPath: WEBHOOK, timeoutMs: 1000 }));
});
afterAll(() => server?.close());
afterEach(async () => {
  await server.setFault({ errorRate: 0, latencyMs: 0 });
  store.clear();
});

describe("bot mode", () => {
  it("opens a thread, replies in it, updates the first message and links to it", async () => {
    const root = await bot.postMessage(promotionSummaryMessage(snapshot, links));
    expect(root).toMatchObject({ channel: expect.stringMatching(/^C/), ts: expect.stringMatching(/^\d+\.\d{6}$/) });
    const reply = await bot.postMessage(promotionEventMessage("approval_needed", snapshot, links), {
      threadTs: root!.ts,
    });
    await bot.updateMessage(root!, promotionSummaryMessage({ ...snapshot, status: "approved" }, links));
    const permalink = await bot.getPermalink(root!);

    expect(store.messages).toHaveLength(2);
    const [first, second] = store.messages;
    expect(first).toMatchObject({
      ts: root!.ts,
      text: "Promotion nura-core 1.4.2 → prod: approved",
      editedAt: expect.any(String),
    });
    expect(second).toMatchObject({ ts: reply!.ts, threadTs: root!.ts });
    expect(JSON.stringify(second!.blocks)).toContain(`"url":"http://localhost:3103/promotions/${snapshot.id}"`);
    expect(permalink).toBe(`${server.url}/archives/${root!.channel}/p${root!.ts.replace(".", "")}`);
    const page = await fetch(permalink).then((r) => r.text());
    expect(page).toContain("Approval needed: nura-core 1.4.2 → prod (0 of 2)");
  });

  it("names Slack's refusals and marks them permanent", async () => {
    const unknown = createSlackBotClient({ baseUrl: `${server.url}/api`, token: BOT_TOKEN, channel: "#nope" });
    expect(await rejection(unknown.postMessage({ text: "x", blocks: [] }))).toMatchObject({
      code: "channel_not_found",
      retryable: false,
      system: "slack",
    });
    const notJoined = createSlackBotClient({ baseUrl: `${server.url}/api`, token: BOT_TOKEN, channel: "general" });
    expect(await rejection(notJoined.postMessage({ text: "x", blocks: [] }))).toMatchObject({
      code: "not_in_channel",
      retryable: false,
    });
    const badToken = createSlackBotClient({
      baseUrl: `${server.url}/api`,
      token: "xoxb-wrong",
      channel: "#nura-releases",
    });
    expect(await rejection(badToken.postMessage({ text: "x", blocks: [] }))).toMatchObject({ code: "invalid_auth" });
    const bad = await rejection(bot.postMessage({ text: "x", blocks: [{ type: "nonsense" }] as never }));
    expect(bad).toMatchObject({ code: "invalid_blocks", retryable: false });
    expect(await rejection(bot.postMessage({ text: "x", blocks: [] }, { threadTs: "1.000001" }))).toMatchObject({
      code: "thread_not_found",
    });
  });

  it("reports outages and timeouts as retryable", async () => {
    await server.setFault({ errorRate: 1 });
    const down = await rejection(bot.postMessage({ text: "x", blocks: [] }));
    expect(down).toMatchObject({ retryable: true, status: 500 });
    await server.setFault({ errorRate: 0, latencyMs: 1500 });
    const slow = await rejection(bot.postMessage({ text: "x", blocks: [] }));
    expect(slow).toMatchObject({ code: "timeout", retryable: true });
    expect(slow.message).toBe("chat.postMessage timed out after 1000 ms");
  });
});

describe("webhook mode", () => {
  it("posts plain messages with blocks and has no threads", async () => {
    const hook = createSlackWebhookClient({ webhookUrl: `${server.url}${WEBHOOK}` });
    expect(hook.supportsThreads).toBe(false);
    expect(await hook.postMessage(promotionEventMessage("requested", snapshot, links))).toBeNull();
    expect(store.messages[0]).toMatchObject({ source: "webhook", channelName: "nura-releases" });
    expect(await rejection(hook.updateMessage({ channel: "C1", ts: "1.1" }, { text: "x", blocks: [] }))).toMatchObject({
      code: "unsupported",
    });
  });

  it("maps webhook errors", async () => {
    const wrong = createSlackWebhookClient({ webhookUrl: `${server.url}/services/T0SANDBOX/B0SANDBOX/wrong` });
    expect(await rejection(wrong.postMessage({ text: "x", blocks: [] }))).toMatchObject({
      status: 404,
      code: "no_service",
      retryable: false,
    });
    const hook = createSlackWebhookClient({ webhookUrl: `${server.url}${WEBHOOK}` });
    expect(await rejection(hook.postMessage({ text: "", blocks: [] }))).toMatchObject({ status: 400, code: "no_text" });
  });
});

describe("the emulator answers like Slack", () => {
  const call = (method: string, body: string, type = "application/json") =>
    fetch(`${server.url}/api/${method}`, {
      method: "POST",
      headers: { "content-type": type, authorization: `Bearer ${BOT_TOKEN}` },
      body,
    }).then(async (r) => ({ status: r.status, body: await r.json() }));

  it("a null JSON body is an API error, not a crash", async () => {
    expect(await call("chat.postMessage", "null")).toEqual({
      status: 200,
      body: { ok: false, error: "channel_not_found" },
    });
    expect(await call("chat.postMessage", "{not json")).toEqual({
      status: 200,
      body: { ok: false, error: "invalid_json" },
    });
  });

  it("unknown methods answer unknown_method as JSON", async () => {
    expect(await call("chat.frobnicate", "{}")).toEqual({
      status: 200,
      body: { ok: false, error: "unknown_method", req_method: "chat.frobnicate" },
    });
  });

  it("chat.update wants the channel id, not the name", async () => {
    const root = await bot.postMessage({ text: "hello", blocks: [] });
    const byName = await call("chat.update", JSON.stringify({ channel: "#nura-releases", ts: root!.ts, text: "x" }));
    expect(byName.body).toEqual({ ok: false, error: "channel_not_found" });
    const byId = await call("chat.update", JSON.stringify({ channel: root!.channel, ts: root!.ts, text: "x" }));
    expect(byId.body).toMatchObject({ ok: true, ts: root!.ts });
  });

  it("a reply to a reply lands in the parent's thread", async () => {
    const root = await bot.postMessage({ text: "root", blocks: [] });
    const reply = await bot.postMessage({ text: "r1", blocks: [] }, { threadTs: root!.ts });
    await bot.postMessage({ text: "r2", blocks: [] }, { threadTs: reply!.ts });
    expect(store.messages.map((m) => m.threadTs)).toEqual([undefined, root!.ts, root!.ts]);
  });
});

describe("the emulator's permalink page", () => {
  it("shows the thread with its buttons as links into the portal", async () => {
    const root = await bot.postMessage(promotionSummaryMessage(snapshot, links));
    await bot.postMessage(promotionEventMessage("approval_needed", snapshot, links), { threadTs: root!.ts });
    const page = await fetch(await bot.getPermalink(root!)).then((r) => r.text());
    expect(page).toContain(
      `<a class="button" href="http://localhost:3103/promotions/${snapshot.id}">Review and approve</a>`,
    );
    expect(page.match(/<article>/g)).toHaveLength(2);
  });
});
