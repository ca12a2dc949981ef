// Slack emulator: incoming webhooks and the chat.* Web API methods the portal uses. Every message
// is recorded (and appended to a JSONL file) so the portal's sandbox Slack page can list them.
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import type { ServerResponse } from "node:http";
import type { EmulatorSpec } from "../faults/managed-server";
import { type Ctx, escapeHtml, Router, readBody, readFormOrJson, sendJson, sendText } from "../lib/http";

export interface SlackMessage {
  channel: string;
  channelName: string;
  ts: string;
  threadTs?: string;
  text: string;
  blocks: unknown[];
  source: "webhook" | "chat.postMessage";
  username: string;
  postedAt: string;
  editedAt?: string;
}

export interface SlackChannel {
  name: string;
  /** Whether the bot was invited: real Slack answers not_in_channel to a bot that is not a member. */
  botIsMember: boolean;
}

export interface SlackOptions {
  botToken: string;
  webhookPath: string;
  webhookChannel: string;
  publicUrl: () => string;
  storeFile?: string;
  /** The workspace's channels; any other channel is channel_not_found, like real Slack. */
  channels?: SlackChannel[];
}

/** The sandbox workspace: the portal's release and infra channels, and one the bot was never invited to. */
export const DEFAULT_CHANNELS: SlackChannel[] = [
  { name: "nura-releases", botIsMember: true },
  { name: "nura-infra", botIsMember: true },
  { name: "general", botIsMember: false },
];

const TEAM = { id: "T0SANDBOX", name: "nura-sandbox" };
const BOT = { userId: "U0SANDBOXBOT", botId: "B0SANDBOXBOT", name: "nura-portal" };
const MAX_BLOCKS = 50;
const MAX_TEXT = 40_000;
/** The message layout blocks Slack knows (docs.slack.dev/reference/block-kit/blocks). */
const BLOCK_TYPES = new Set([
  "section",
  "header",
  "context",
  "actions",
  "divider",
  "image",
  "rich_text",
  "video",
  "file",
  "input",
  "markdown",
  "table",
]);

export function channelId(name: string): string {
  const clean = name.replace(/^#/, "");
  if (/^[CDG][A-Z0-9]{8,}$/.test(clean)) return clean;
  let h = 0;
  for (const ch of clean) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return `C0${h.toString(36).toUpperCase().padStart(8, "0")}`;
}

export class SlackStore {
  readonly messages: SlackMessage[] = [];
  private names = new Map<string, string>();
  private lastTs = 0;

  constructor(private file?: string) {
    if (file && existsSync(file)) {
      for (const line of readFileSync(file, "utf8").split("\n")) {
        if (!line.trim()) continue;
        try {
          const m = JSON.parse(line) as SlackMessage;
          const i = this.messages.findIndex((x) => x.channel === m.channel && x.ts === m.ts);
          if (i >= 0) this.messages[i] = m;
          else this.messages.push(m);
          this.names.set(m.channel, m.channelName);
          this.lastTs = Math.max(this.lastTs, Math.round(Number(m.ts) * 1e6));
        } catch {
          // a torn last line after a crash: skip it
        }
      }
    }
  }

  /** Slack timestamps are unique per channel: "seconds.micros". */
  nextTs(): string {
    this.lastTs = Math.max(this.lastTs + 1, Date.now() * 1000);
    const s = String(this.lastTs);
    return `${s.slice(0, -6)}.${s.slice(-6)}`;
  }

  resolve(channel: string): { id: string; name: string } {
    const id = channelId(channel);
    if (!channel.startsWith("C") || channel.startsWith("#")) this.names.set(id, channel.replace(/^#/, ""));
    return { id, name: this.names.get(id) ?? channel };
  }

  save(m: SlackMessage): void {
    const i = this.messages.findIndex((x) => x.channel === m.channel && x.ts === m.ts);
    if (i >= 0) this.messages[i] = m;
    else this.messages.push(m);
    if (this.file) appendFileSync(this.file, `${JSON.stringify(m)}\n`);
  }

  find(channel: string, ts: string): SlackMessage | undefined {
    const id = channelId(channel);
    return this.messages.find((m) => m.channel === id && m.ts === ts);
  }

  clear(): void {
    this.messages.length = 0;
  }
}

/** A body Slack would parse: a JSON object or form fields. `null`, arrays and scalars count as empty. */
function asFields(body: unknown): Record<string, unknown> {
  return body && typeof body === "object" && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

async function readFields(ctx: Ctx): Promise<Record<string, unknown> | "invalid"> {
  try {
    return asFields(await readFormOrJson(ctx.req));
  } catch {
    return "invalid";
  }
}

function parseBlocks(raw: unknown): unknown[] | "invalid" {
  if (raw === undefined || raw === null || raw === "") return [];
  let blocks = raw;
  if (typeof raw === "string") {
    try {
      blocks = JSON.parse(raw);
    } catch {
      return "invalid";
    }
  }
  if (!Array.isArray(blocks) || blocks.length > MAX_BLOCKS) return "invalid";
  // Slack refuses the whole message when one block has an unknown type (invalid_blocks).
  const typed = blocks.every(
    (b) => b && typeof b === "object" && BLOCK_TYPES.has(String((b as { type?: unknown }).type)),
  );
  return typed ? blocks : "invalid";
}

/** The link buttons of a message's blocks as plain links, so a permalink page leads back into the portal. */
export function linkButtons(blocks: unknown[]): string {
  const links: string[] = [];
  for (const b of blocks as { type?: string; elements?: unknown[]; accessory?: unknown }[]) {
    const candidates = b?.type === "actions" ? (b.elements ?? []) : b?.accessory ? [b.accessory] : [];
    for (const e of candidates as { type?: string; url?: unknown; text?: { text?: unknown } }[]) {
      if (e?.type !== "button" || typeof e.url !== "string" || !/^https?:\/\//.test(e.url)) continue;
      links.push(`<a class="button" href="${escapeHtml(e.url)}">${escapeHtml(String(e.text?.text ?? e.url))}</a>`);
    }
  }
  return links.length ? `<p>${links.join(" ")}</p>` : "";
}

export function permalink(base: string, m: Pick<SlackMessage, "channel" | "ts" | "threadTs">): string {
  const p = `p${m.ts.replace(".", "")}`;
  return `${base}/archives/${m.channel}/${p}${m.threadTs && m.threadTs !== m.ts ? `?thread_ts=${m.threadTs}&cid=${m.channel}` : ""}`;
}

export function slackSpec(o: SlackOptions, store: SlackStore): EmulatorSpec {
  const router = new Router();
  const apiError = (res: ServerResponse, error: string, status = 200) => sendJson(res, status, { ok: false, error });
  const channels = o.channels ?? DEFAULT_CHANNELS;
  const byId = new Map(channels.map((c) => [channelId(c.name), c]));

  /**
   * The channel a method targets, as real Slack resolves it: chat.postMessage takes an id or a name,
   * chat.update / chat.getPermalink only an id. Answers the Slack error and returns undefined otherwise.
   */
  const lookupChannel = (
    res: ServerResponse,
    raw: unknown,
    opts: { namesAllowed: boolean; mustBeMember: boolean },
  ): { id: string; name: string } | undefined => {
    const given = typeof raw === "string" ? raw.trim() : "";
    const isId = /^[CDG][A-Z0-9]{8,}$/.test(given);
    const found = isId
      ? byId.get(given)
      : opts.namesAllowed
        ? channels.find((c) => c.name === given.replace(/^#/, ""))
        : undefined;
    if (!found) {
      apiError(res, "channel_not_found");
      return undefined;
    }
    if (opts.mustBeMember && !found.botIsMember) {
      apiError(res, "not_in_channel");
      return undefined;
    }
    return store.resolve(found.name);
  };

  const bot = (ctx: Ctx, body: Record<string, unknown>): boolean => {
    const header = /^Bearer\s+(.+)$/i.exec(ctx.req.headers.authorization ?? "")?.[1];
    const token = header ?? (typeof body.token === "string" ? body.token : undefined);
    if (!token) {
      apiError(ctx.res, "not_authed");
      return false;
    }
    if (token !== o.botToken) {
      apiError(ctx.res, "invalid_auth");
      return false;
    }
    return true;
  };

  const messageJson = (m: SlackMessage) => ({
    type: "message",
    user: BOT.userId,
    bot_id: BOT.botId,
    app_id: "A0SANDBOX",
    text: m.text,
    ts: m.ts,
    team: TEAM.id,
    ...(m.blocks.length ? { blocks: m.blocks } : {}),
    ...(m.threadTs ? { thread_ts: m.threadTs } : {}),
    ...(m.editedAt ? { edited: { user: BOT.userId, ts: m.editedAt } } : {}),
  });

  router.on("POST", "/services/:team/:bot/:secret", async (ctx) => {
    if (`/services/${ctx.params.team}/${ctx.params.bot}/${ctx.params.secret}` !== o.webhookPath) {
      return sendText(ctx.res, 404, "no_service");
    }
    const raw = (await readBody(ctx.req)).toString("utf8");
    let body: Record<string, unknown>;
    try {
      body = asFields(
        String(ctx.req.headers["content-type"] ?? "").includes("application/x-www-form-urlencoded")
          ? JSON.parse(new URLSearchParams(raw).get("payload") ?? "")
          : JSON.parse(raw),
      );
    } catch {
      return sendText(ctx.res, 400, "invalid_payload");
    }
    const blocks = parseBlocks(body.blocks);
    if (blocks === "invalid") return sendText(ctx.res, 400, "invalid_blocks");
    const text = typeof body.text === "string" ? body.text : "";
    if (!text && blocks.length === 0) return sendText(ctx.res, 400, "no_text");
    const ch = store.resolve(o.webhookChannel);
    store.save({
      channel: ch.id,
      channelName: ch.name,
      ts: store.nextTs(),
      text,
      blocks,
      source: "webhook",
      username: "incoming-webhook",
      postedAt: new Date().toISOString(),
    });
    sendText(ctx.res, 200, "ok", {}, "text/html");
  });

  router.on("POST", "/api/auth.test", async (ctx) => {
    const body = await readFields(ctx);
    if (body === "invalid") return apiError(ctx.res, "invalid_json");
    if (!bot(ctx, body)) return;
    sendJson(ctx.res, 200, {
      ok: true,
      url: `${o.publicUrl()}/`,
      team: TEAM.name,
      user: BOT.name,
      team_id: TEAM.id,
      user_id: BOT.userId,
      bot_id: BOT.botId,
      is_enterprise_install: false,
    });
  });

  router.on("POST", "/api/chat.postMessage", async (ctx) => {
    const body = await readFields(ctx);
    if (body === "invalid") return apiError(ctx.res, "invalid_json");
    if (!bot(ctx, body)) return;
    const ch = lookupChannel(ctx.res, body.channel, { namesAllowed: true, mustBeMember: true });
    if (!ch) return;
    const blocks = parseBlocks(body.blocks);
    if (blocks === "invalid") return apiError(ctx.res, "invalid_blocks");
    const text = typeof body.text === "string" ? body.text : "";
    if (!text && blocks.length === 0) return apiError(ctx.res, "no_text");
    if (text.length > MAX_TEXT) return apiError(ctx.res, "msg_too_long");
    const requestedThread = typeof body.thread_ts === "string" && body.thread_ts ? body.thread_ts : undefined;
    const parent = requestedThread ? store.find(ch.id, requestedThread) : undefined;
    if (requestedThread && !parent) return apiError(ctx.res, "thread_not_found");
    // Replying to a reply lands in the same thread, as in Slack.
    const threadTs = parent ? (parent.threadTs ?? parent.ts) : undefined;
    const m: SlackMessage = {
      channel: ch.id,
      channelName: ch.name,
      ts: store.nextTs(),
      threadTs,
      text,
      blocks,
      source: "chat.postMessage",
      username: BOT.name,
      postedAt: new Date().toISOString(),
    };
    store.save(m);
    sendJson(ctx.res, 200, { ok: true, channel: m.channel, ts: m.ts, message: messageJson(m) });
  });

  router.on("POST", "/api/chat.update", async (ctx) => {
    const body = await readFields(ctx);
    if (body === "invalid") return apiError(ctx.res, "invalid_json");
    if (!bot(ctx, body)) return;
    // chat.update wants the channel id that chat.postMessage returned; a "#name" is channel_not_found.
    const ch = lookupChannel(ctx.res, body.channel, { namesAllowed: false, mustBeMember: true });
    if (!ch) return;
    const ts = String(body.ts ?? "");
    const m = store.find(ch.id, ts);
    if (!m) return apiError(ctx.res, "message_not_found");
    const blocks = body.blocks === undefined ? m.blocks : parseBlocks(body.blocks);
    if (blocks === "invalid") return apiError(ctx.res, "invalid_blocks");
    const text = typeof body.text === "string" ? body.text : m.text;
    if (!text && blocks.length === 0) return apiError(ctx.res, "no_text");
    const updated = { ...m, text, blocks, editedAt: store.nextTs() };
    store.save(updated);
    sendJson(ctx.res, 200, { ok: true, channel: m.channel, ts: m.ts, text, message: messageJson(updated) });
  });

  const getPermalink = (ctx: Ctx, fields: Record<string, unknown>) => {
    if (!bot(ctx, fields)) return;
    const ch = lookupChannel(ctx.res, fields.channel, { namesAllowed: false, mustBeMember: false });
    if (!ch) return;
    const m = store.find(ch.id, String(fields.message_ts ?? ""));
    if (!m) return apiError(ctx.res, "message_not_found");
    sendJson(ctx.res, 200, { ok: true, channel: m.channel, permalink: permalink(o.publicUrl(), m) });
  };
  router.on("POST", "/api/chat.getPermalink", async (ctx) => {
    const body = await readFields(ctx);
    if (body === "invalid") return apiError(ctx.res, "invalid_json");
    getPermalink(ctx, body);
  });
  router.on("GET", "/api/chat.getPermalink", (ctx) => getPermalink(ctx, Object.fromEntries(ctx.url.searchParams)));

  // A permalink opens a minimal page with the message, so "View in Slack" links work in a demo.
  router.on("GET", "/archives/:channel/:p", ({ params, res }) => {
    const ts = params.p!.replace(/^p(\d+)(\d{6})$/, "$1.$2");
    const m = store.find(params.channel!, ts);
    if (!m) return sendText(res, 404, "<!doctype html><h1>Message not found</h1>", {}, "text/html; charset=utf-8");
    const replies = store.messages.filter((x) => x.threadTs === m.ts && x.ts !== m.ts);
    const render = (x: SlackMessage) =>
      `<article><b>${escapeHtml(x.username)}</b> <small>${escapeHtml(x.postedAt)}</small><pre>${escapeHtml(x.text)}</pre>${linkButtons(x.blocks)}</article>`;
    sendText(
      res,
      200,
      `<!doctype html><title>#${escapeHtml(m.channelName)} (sandbox Slack)</title><h1>#${escapeHtml(m.channelName)}</h1>${render(m)}${replies.map(render).join("")}`,
      {},
      "text/html; charset=utf-8",
    );
  });

  router.on("GET", "/__sandbox/messages", ({ url, res }) => {
    const channel = url.searchParams.get("channel");
    const list = store.messages
      .filter((m) => !channel || m.channel === channelId(channel))
      .map((m) => ({ ...m, permalink: permalink(o.publicUrl(), m) }))
      .reverse();
    sendJson(res, 200, { messages: list });
  });
  router.on("DELETE", "/__sandbox/messages", ({ res }) => {
    store.clear();
    sendJson(res, 200, { messages: [] });
  });

  return {
    name: "slack",
    router,
    // Slack answers a method it does not know with JSON, not a bare 404 page.
    notFound: (req, res) => {
      const path = new URL(req.url ?? "/", "http://x").pathname;
      const method = /^\/api\/([^/]+)$/.exec(path)?.[1];
      if (method) sendJson(res, 200, { ok: false, error: "unknown_method", req_method: method });
      else sendText(res, 404, "not_found");
    },
    injectedError: (req, res) => {
      if ((req.url ?? "").startsWith("/api/")) sendJson(res, 500, { ok: false, error: "internal_error" });
      else sendText(res, 500, "internal_error");
    },
  };
}
