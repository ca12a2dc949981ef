import "server-only";
// Reads the Slack emulator's recorded messages (GET /__sandbox/messages). Only meaningful in the
// sandbox: the emulator's base URL is the origin of SLACK_API_URL (or SLACK_WEBHOOK_URL).
import { z } from "zod";

const messageSchema = z.object({
  channel: z.string(),
  channelName: z.string(),
  ts: z.string(),
  threadTs: z.string().optional(),
  text: z.string(),
  blocks: z.array(z.unknown()),
  source: z.string(),
  username: z.string(),
  postedAt: z.string(),
  editedAt: z.string().optional(),
  permalink: z.string(),
});
const listSchema = z.object({ messages: z.array(messageSchema) });

export type SlackListResult = { ok: true; messages: z.infer<typeof messageSchema>[] } | { ok: false; error: string };

export function slackEmulatorBase(env: { SLACK_API_URL?: string; SLACK_WEBHOOK_URL?: string }): string | undefined {
  const url = env.SLACK_API_URL ?? env.SLACK_WEBHOOK_URL;
  return url ? new URL(url).origin : undefined;
}

export async function listSandboxSlackMessages(
  base: string | undefined,
  fetchImpl: typeof fetch = fetch,
): Promise<SlackListResult> {
  if (!base) return { ok: false, error: "SLACK_API_URL is not set: start the portal with the sandbox's portal.env" };
  try {
    const res = await fetchImpl(`${base}/__sandbox/messages`, { cache: "no-store", signal: AbortSignal.timeout(3000) });
    if (!res.ok) return { ok: false, error: `the Slack emulator answered HTTP ${res.status}` };
    const parsed = listSchema.safeParse(await res.json());
    if (!parsed.success) return { ok: false, error: "the Slack emulator answered an unexpected shape" };
    return { ok: true, messages: parsed.data.messages };
  } catch (err) {
    return { ok: false, error: `the Slack emulator is unreachable (${(err as Error).message})` };
  }
}
