// Slack port in domain terms: post an announcement, reply in its thread, update it in place, and
// get a link to it. Two configurations exist: a bot token (threads, updates, permalinks) and an
// incoming webhook (plain posts only), so callers ask `supportsThreads` instead of knowing which.
import type { SlackBlock } from "./schemas";

/** What a message says: `text` is the notification/fallback line, `blocks` the Block Kit layout. */
export interface SlackMessageContent {
  text: string;
  blocks: SlackBlock[];
}

/** Where a posted message lives: Slack identifies a message by its channel id and timestamp. */
export interface SlackMessageRef {
  channel: string;
  ts: string;
}

export interface SlackApi {
  /** "bot" (chat.* Web API with a bot token) or "webhook" (incoming webhook: no threads, no updates). */
  readonly mode: "bot" | "webhook";
  readonly supportsThreads: boolean;
  /**
   * Posts to the configured channel, or as a reply in `threadTs`'s thread (bot mode). Returns where
   * the message lives, or null for a webhook (which tells nothing back).
   */
  postMessage(content: SlackMessageContent, opts?: { threadTs?: string }): Promise<SlackMessageRef | null>;
  /** Replaces a posted message's text and blocks (chat.update). Bot mode only. */
  updateMessage(ref: SlackMessageRef, content: SlackMessageContent): Promise<void>;
  /** A URL that opens the message in Slack (chat.getPermalink). Bot mode only. */
  getPermalink(ref: SlackMessageRef): Promise<string>;
}
