// Turns a stored notice into Slack messages: the event message (reply or standalone post) and,
// for promotions, the summary that opens the thread and is updated in place. Pure.
import type { SlackMessageContent } from "@/lib/integrations/slack/api";
import { infraRunMessage } from "@/lib/integrations/slack/infra-messages";
import { promotionEventMessage, promotionSummaryMessage } from "@/lib/integrations/slack/promotion-messages";
import type { SlackNotice } from "./notice";

export interface RenderLinks {
  portalUrl: string;
  commitUrl: (sha: string) => string | null;
}

export interface RenderedNotice {
  event: SlackMessageContent;
  /** The thread's first message for this target's current state; null when the target has none. */
  summary: SlackMessageContent | null;
  /** Whether this step is the one that opens the thread (its summary says everything: no reply). */
  opensThread: boolean;
}

export function renderNotice(n: SlackNotice, links: RenderLinks): RenderedNotice {
  if (n.kind === "promotion") {
    return {
      event: promotionEventMessage(n.event, n.promotion, links),
      summary: promotionSummaryMessage(n.promotion, links),
      opensThread: n.event === "requested",
    };
  }
  const runUrl = `${links.portalUrl.replace(/\/$/, "")}${n.path}`;
  return { event: infraRunMessage(n.event, n.run, { runUrl }), summary: null, opensThread: false };
}
