// Block Kit messages for a promotion's life: the thread's first message (posted at request, then
// updated in place with the current state) and one message per step (a reply in that thread, or a
// standalone post in webhook mode). Pure: the snapshot and links in, the message out.
import type { SlackMessageContent } from "./api";
import { actions, context, escapeMrkdwn, fields, header, linkButton, mrkdwnLink, section } from "./blocks";

export const PROMOTION_EVENTS = [
  "requested",
  "approval_needed",
  "approved",
  "deployed",
  "succeeded",
  "failed",
  "rolled_back",
] as const;
export type PromotionEvent = (typeof PROMOTION_EVENTS)[number];

/** What the messages need to know about a promotion at the moment of the step. */
export interface PromotionSnapshot {
  id: string;
  application: string;
  fromEnvironment: string;
  toEnvironment: string;
  imageTag: string;
  /** The promotion's state after this step (requested, approved, syncing, succeeded, rolled_back…). */
  status: string;
  requestedBy: string;
  approvals: { required: number; given: { name: string; comment?: string | null }[] };
  commitSha?: string | null;
  revertSha?: string | null;
  /** Why it failed / was rolled back / was rejected. */
  reason?: string | null;
  /** Who took this step, when it was a person (the approver, the canceller). */
  actor?: string | null;
}

export interface PromotionLinks {
  /** PORTAL_URL; the button opens PORTAL_URL/promotions/<id> (sign-in first, then back). */
  portalUrl: string;
  /** GITOPS_COMMIT_URL applied to a sha, or null when no commit page is configured. */
  commitUrl: (sha: string) => string | null;
}

export function promotionUrl(portalUrl: string, id: string): string {
  return `${portalUrl.replace(/\/$/, "")}/promotions/${encodeURIComponent(id)}`;
}

const short = (sha: string) => sha.slice(0, 7);

function title(p: PromotionSnapshot): string {
  return `${p.application} ${p.imageTag} → ${p.toEnvironment}`;
}

const STATE_LABEL: Record<string, string> = {
  requested: "awaiting approval",
  approved: "approved",
  committing: "committing",
  syncing: "syncing",
  verifying: "verifying",
  succeeded: "succeeded",
  failed: "failed",
  rolled_back: "rolled back",
  "rolled-back": "rolled back",
  rejected: "rejected",
  expired: "expired",
  superseded: "superseded",
  cancelled: "cancelled",
};
const STATE_EMOJI: Record<string, string> = {
  succeeded: ":white_check_mark:",
  failed: ":x:",
  rolled_back: ":rewind:",
  "rolled-back": ":rewind:",
  rejected: ":no_entry:",
  cancelled: ":heavy_minus_sign:",
  expired: ":hourglass:",
  superseded: ":twisted_rightwards_arrows:",
};

export function stateLabel(status: string): string {
  return STATE_LABEL[status] ?? status;
}

function approvalLine(p: PromotionSnapshot): string {
  const { required, given } = p.approvals;
  if (required === 0) return "none required";
  const names = given.map((g) => escapeMrkdwn(g.name)).join(", ");
  return `${given.length} of ${required}${names ? ` (${names})` : ""}`;
}

function openButton(p: PromotionSnapshot, links: PromotionLinks, label = "Open promotion", primary = false) {
  return actions(
    linkButton(label, promotionUrl(links.portalUrl, p.id), {
      actionId: `open-promotion-${p.id}`,
      ...(primary ? { style: "primary" as const } : {}),
    }),
  );
}

function commitField(links: PromotionLinks, sha: string | null | undefined): string {
  return sha ? mrkdwnLink(links.commitUrl(sha), short(sha)) : "–";
}

/** The thread's first message: what is promoted, by whom, and the current state. */
export function promotionSummaryMessage(p: PromotionSnapshot, links: PromotionLinks): SlackMessageContent {
  const state = stateLabel(p.status);
  const emoji = STATE_EMOJI[p.status] ?? ":rocket:";
  return {
    text: `Promotion ${title(p)}: ${state}`,
    blocks: [
      header(`Promotion ${title(p)}`),
      section(
        `${emoji} *${escapeMrkdwn(state)}* · \`${escapeMrkdwn(p.imageTag)}\` from *${escapeMrkdwn(p.fromEnvironment)}* to *${escapeMrkdwn(p.toEnvironment)}*`,
      ),
      fields([
        ["Application", escapeMrkdwn(p.application)],
        ["Requested by", escapeMrkdwn(p.requestedBy)],
        ["Approvals", approvalLine(p)],
        ["Commit", commitField(links, p.commitSha)],
        ...(p.revertSha ? ([["Revert", commitField(links, p.revertSha)]] as [string, string][]) : []),
      ]),
      ...(p.reason ? [section(`*Reason:* ${escapeMrkdwn(p.reason)}`)] : []),
      openButton(
        p,
        links,
        p.status === "requested" ? "Review and approve" : "Open promotion",
        p.status === "requested",
      ),
    ],
  };
}

/** The message for one step: a thread reply with a bot token, a standalone post with a webhook. */
export function promotionEventMessage(
  event: PromotionEvent,
  p: PromotionSnapshot,
  links: PromotionLinks,
): SlackMessageContent {
  const who = p.actor ? escapeMrkdwn(p.actor) : null;
  const t = escapeMrkdwn(title(p));
  const commit = p.commitSha ? ` in ${mrkdwnLink(links.commitUrl(p.commitSha), short(p.commitSha))}` : "";
  let line: string;
  let text: string;
  let button = "Open promotion";
  let primary = false;
  switch (event) {
    case "requested":
      line = `:rocket: *${escapeMrkdwn(p.requestedBy)}* requested ${t}`;
      text = `${p.requestedBy} requested ${title(p)}`;
      break;
    case "approval_needed":
      line = `:eyes: ${t} needs ${p.approvals.required - p.approvals.given.length} more approval${p.approvals.required - p.approvals.given.length === 1 ? "" : "s"} (${approvalLine(p)}). Approvers of *${escapeMrkdwn(p.toEnvironment)}*, please review.`;
      text = `Approval needed: ${title(p)} (${p.approvals.given.length} of ${p.approvals.required})`;
      button = "Review and approve";
      primary = true;
      break;
    case "approved": {
      const comment = p.approvals.given.find((g) => g.name === p.actor)?.comment;
      line = `:+1: ${who ? `*${who}* approved` : "Approved"} ${t} (${approvalLine(p)})${comment ? `\n> ${escapeMrkdwn(comment)}` : ""}`;
      text = `${p.actor ?? "Someone"} approved ${title(p)} (${p.approvals.given.length} of ${p.approvals.required})`;
      break;
    }
    case "deployed":
      line = `:package: ${t} committed${commit} and syncing in Argo CD; verifying next.`;
      text = `Deploying ${title(p)}`;
      break;
    case "succeeded":
      line = `:white_check_mark: ${t} is live and verified${commit}.`;
      text = `Succeeded: ${title(p)}`;
      break;
    case "failed":
      line = `:x: ${t} failed${p.reason ? `: ${escapeMrkdwn(p.reason)}` : "."}`;
      text = `Failed: ${title(p)}${p.reason ? `: ${p.reason}` : ""}`;
      break;
    case "rolled_back": {
      const revert = p.revertSha ? ` with revert ${mrkdwnLink(links.commitUrl(p.revertSha), short(p.revertSha))}` : "";
      line = `:rewind: ${t} was rolled back${revert}.${p.reason ? `\n*Why:* ${escapeMrkdwn(p.reason)}` : ""}`;
      text = `Rolled back: ${title(p)}${p.reason ? `: ${p.reason}` : ""}`;
      break;
    }
  }
  return {
    text,
    blocks: [
      section(line),
      context(
        `${escapeMrkdwn(p.application)} · ${escapeMrkdwn(p.fromEnvironment)} → ${escapeMrkdwn(p.toEnvironment)} · state: ${escapeMrkdwn(stateLabel(p.status))}`,
      ),
      openButton(p, links, button, primary),
    ],
  };
}
