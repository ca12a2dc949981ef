// The sandbox Slack emulator on an ephemeral port with a bot client pointed at it: the one fixture
// the Slack integration tests start (adapters, delivery, outbox queue).
import type { SlackApi } from "@/lib/integrations/slack/api";
import { createSlackBotClient } from "@/lib/integrations/slack/client";
import { ManagedServer } from "@/sandbox/faults/managed-server";
import { SlackStore, slackSpec } from "@/sandbox/slack/server";

export type SlackSandbox = { server: ManagedServer; store: SlackStore; bot: SlackApi };

export async function startSlackSandbox(o: {
  botToken: string;
  webhookPath: string;
  timeoutMs: number;
}): Promise<SlackSandbox> {
  const store = new SlackStore();
  const url = { v: "" };
  const server = new ManagedServer(
    slackSpec(
      { botToken: o.botToken, webhookPath: o.webhookPath, webhookChannel: "#nura-releases", publicUrl: () => url.v },
      store,
    ),
  );
  await server.listen(0);
  url.v = server.url;
  const bot = createSlackBotClient({
    baseUrl: `${server.url}/api/`,
    token: o.botToken,
    channel: "#nura-releases",
    timeoutMs: o.timeoutMs,
  });
  return { server, store, bot };
}
