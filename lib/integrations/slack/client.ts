// The real Slack adapters. Bot mode: @slack/web-api's WebClient (chat.postMessage, chat.update,
// chat.getPermalink) against SLACK_API_URL with a bot token. Webhook mode: one JSON POST to the
// incoming webhook URL. Both built from injected config, both parse what Slack answers with zod and
// turn every failure into a SlackError (an IntegrationError that says whether retrying can help).
import { LogLevel, WebAPIHTTPError, WebAPIPlatformError, WebAPIRateLimitedError, WebClient } from "@slack/web-api";
import type { z } from "zod";
import { IntegrationError } from "@/lib/http/errors";
import { timeUpstream } from "@/lib/metrics";
import type { FetchLike } from "../http-json";
import type { SlackApi, SlackMessageContent, SlackMessageRef } from "./api";
import { permalinkResponseSchema, postMessageResponseSchema, updateResponseSchema } from "./schemas";

const SYSTEM = "slack";
const DEFAULT_TIMEOUT_MS = 5_000;

/**
 * Slack error codes that no retry will fix: configuration (token, channel, membership) or a
 * message Slack refuses. Everything else (timeouts, 5xx, rate limits, fatal_error) is worth retrying.
 */
const PERMANENT_CODES = new Set([
  "not_authed",
  "invalid_auth",
  "account_inactive",
  "token_revoked",
  "missing_scope",
  "channel_not_found",
  "not_in_channel",
  "is_archived",
  "channel_is_archived",
  "invalid_blocks",
  "invalid_payload",
  "msg_too_long",
  "no_text",
  "message_not_found",
  "thread_not_found",
  "cant_update_message",
  "action_prohibited",
  "no_service",
  "unknown_method",
]);

export class SlackError extends IntegrationError {
  override name = "SlackError";
  constructor(
    status: number | null,
    /** Slack's error code ("channel_not_found") or a transport description. */
    readonly code: string,
    message: string,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(SYSTEM, status, message, options);
  }
}

export interface SlackBotConfig {
  /** Web API base, e.g. https://slack.com/api/ (the sandbox's emulator in `make demo`). */
  baseUrl: string;
  token: string;
  /** Channel name ("#nura-releases") or id new messages go to. */
  channel: string;
  fetch?: FetchLike;
  timeoutMs?: number;
}

export interface SlackWebhookConfig {
  webhookUrl: string;
  fetch?: FetchLike;
  timeoutMs?: number;
}

function parse<S extends z.ZodType>(operation: string, schema: S, body: unknown): z.output<S> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new SlackError(
      200,
      "unexpected_response",
      `${operation}: unexpected response (${i?.path.join(".")}: ${i?.message})`,
      false,
    );
  }
  return parsed.data;
}

/** Maps what WebClient throws to a SlackError. */
function fromWebApi(operation: string, timeoutMs: number, err: unknown): SlackError {
  if (err instanceof WebAPIPlatformError) {
    const code = err.data.error;
    return new SlackError(200, code, `${operation}: ${code}`, !PERMANENT_CODES.has(code), { cause: err });
  }
  if (err instanceof WebAPIRateLimitedError) {
    return new SlackError(429, "ratelimited", `${operation}: rate limited (retry after ${err.retryAfter} s)`, true, {
      cause: err,
    });
  }
  if (err instanceof WebAPIHTTPError) {
    return new SlackError(err.statusCode, `http_${err.statusCode}`, `${operation}: HTTP ${err.statusCode}`, true, {
      cause: err,
    });
  }
  type Transport = Error & { cause?: { code?: string } };
  const e = err as Transport & { original?: Transport };
  const inner: Transport = e.original ?? e;
  const timedOut = /timeout|aborted/i.test(`${inner.name} ${inner.message}`);
  return new SlackError(
    null,
    timedOut ? "timeout" : "request_failed",
    timedOut
      ? `${operation} timed out after ${timeoutMs} ms`
      : `${operation} failed: ${inner.cause?.code ?? inner.message}`,
    true,
    { cause: err },
  );
}

export function createSlackBotClient(cfg: SlackBotConfig): SlackApi {
  const timeoutMs = cfg.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const web = new WebClient(cfg.token, {
    slackApiUrl: cfg.baseUrl.endsWith("/") ? cfg.baseUrl : `${cfg.baseUrl}/`,
    // The outbox retries with backoff on the job queue; retrying inside one attempt would hide it.
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: timeoutMs,
    logLevel: LogLevel.ERROR,
    allowAbsoluteUrls: false,
    ...(cfg.fetch ? { fetch: cfg.fetch as never } : {}),
  });
  const call = <T>(operation: string, fn: () => Promise<T>) =>
    timeUpstream(SYSTEM, operation, async () => {
      try {
        return await fn();
      } catch (err) {
        throw err instanceof SlackError ? err : fromWebApi(operation, timeoutMs, err);
      }
    });

  return {
    mode: "bot",
    supportsThreads: true,
    postMessage: (content, opts = {}) =>
      call("chat.postMessage", async () => {
        const res = await web.chat.postMessage({
          channel: cfg.channel,
          text: content.text,
          blocks: content.blocks as never,
          unfurl_links: false,
          ...(opts.threadTs ? { thread_ts: opts.threadTs } : {}),
        });
        const r = parse("chat.postMessage", postMessageResponseSchema, res);
        return { channel: r.channel, ts: r.ts };
      }),
    updateMessage: (ref, content) =>
      call("chat.update", async () => {
        const res = await web.chat.update({
          channel: ref.channel,
          ts: ref.ts,
          text: content.text,
          blocks: content.blocks as never,
        });
        parse("chat.update", updateResponseSchema, res);
      }),
    getPermalink: (ref) =>
      call("chat.getPermalink", async () => {
        const res = await web.chat.getPermalink({ channel: ref.channel, message_ts: ref.ts });
        return parse("chat.getPermalink", permalinkResponseSchema, res).permalink;
      }),
  };
}

/** Incoming webhook errors are plain-text codes with an HTTP status (400 invalid_payload, 404 channel_not_found…). */
export function createSlackWebhookClient(cfg: SlackWebhookConfig): SlackApi {
  const timeoutMs = cfg.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const doFetch = cfg.fetch ?? fetch;
  const unsupported = (operation: string) =>
    Promise.reject(new SlackError(null, "unsupported", `${operation} needs SLACK_BOT_TOKEN (webhook mode)`, false));
  return {
    mode: "webhook",
    supportsThreads: false,
    postMessage: (content: SlackMessageContent) =>
      timeUpstream(SYSTEM, "webhook", async () => {
        let res: Response;
        try {
          res = await doFetch(cfg.webhookUrl, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ text: content.text, blocks: content.blocks, unfurl_links: false }),
            signal: AbortSignal.timeout(timeoutMs),
          });
        } catch (err) {
          throw fromWebApi("webhook", timeoutMs, err);
        }
        const body = (await res.text().catch(() => "")).trim();
        if (!res.ok) {
          const code = /^[a-z_]+$/.test(body) ? body : `http_${res.status}`;
          const retryable = res.status >= 500 || res.status === 429 || !PERMANENT_CODES.has(code);
          throw new SlackError(res.status, code, `webhook: HTTP ${res.status}: ${code}`, retryable);
        }
        return null;
      }),
    updateMessage: (_ref: SlackMessageRef) => unsupported("chat.update"),
    getPermalink: (_ref: SlackMessageRef) => unsupported("chat.getPermalink"),
  };
}
