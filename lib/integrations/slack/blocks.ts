// Small Block Kit constructors that keep every string inside Slack's documented limits
// (schemas.ts) and escape user text, so a long comment or a tag with "<" cannot break a message.
import type { SlackBlock, SlackButton } from "./schemas";

/** Slack's mrkdwn control characters: &, < and > must be sent as entities. */
export function escapeMrkdwn(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export function truncate(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

export const header = (text: string): SlackBlock => ({
  type: "header",
  text: { type: "plain_text", text: truncate(text, 150), emoji: true },
});

export const section = (mrkdwnText: string, accessory?: SlackButton): SlackBlock => ({
  type: "section",
  text: { type: "mrkdwn", text: truncate(mrkdwnText, 3000) },
  ...(accessory ? { accessory } : {}),
});

/** Label/value pairs in Slack's two-column layout (at most 10, each ≤ 2000 characters). */
export const fields = (pairs: [label: string, mrkdwnValue: string][]): SlackBlock => ({
  type: "section",
  fields: pairs.slice(0, 10).map(([label, value]) => ({
    type: "mrkdwn",
    text: truncate(`*${escapeMrkdwn(label)}*\n${value}`, 2000),
  })),
});

export const context = (...mrkdwnTexts: string[]): SlackBlock => ({
  type: "context",
  elements: mrkdwnTexts.slice(0, 10).map((t) => ({ type: "mrkdwn", text: truncate(t, 3000) })),
});

export const divider = (): SlackBlock => ({ type: "divider" });

/** A link button: Slack opens `url` in the browser (no interactivity endpoint needed). */
export const linkButton = (
  text: string,
  url: string,
  opts: { actionId: string; style?: "primary" | "danger" },
): SlackButton => ({
  type: "button",
  text: { type: "plain_text", text: truncate(text, 75), emoji: true },
  url,
  action_id: opts.actionId,
  ...(opts.style ? { style: opts.style } : {}),
});

export const actions = (...buttons: SlackButton[]): SlackBlock => ({ type: "actions", elements: buttons.slice(0, 25) });

/** `<url|label>`: a mrkdwn link, or the plain label when there is no URL. */
export function mrkdwnLink(url: string | null | undefined, label: string): string {
  return url ? `<${url}|${escapeMrkdwn(label)}>` : escapeMrkdwn(label);
}
