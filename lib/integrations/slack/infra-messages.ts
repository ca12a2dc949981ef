// Block Kit messages for infrastructure runs (plan/apply through Jenkins, scheduled drift plans),
// for the infra flow to queue through lib/server/slack. Pure, like the promotion messages.
import type { SlackMessageContent } from "./api";
import { actions, context, escapeMrkdwn, fields, linkButton, section } from "./blocks";

export const INFRA_EVENTS = ["drift_detected", "plan_ready", "apply_approval_needed", "applied", "failed"] as const;
export type InfraEvent = (typeof INFRA_EVENTS)[number];

export interface InfraRunSnapshot {
  id: string;
  environment: string;
  kind: "plan" | "apply" | "drift";
  requestedBy?: string | null;
  /** Resource counts from `tofu show -json`. */
  summary?: { add: number; change: number; destroy: number } | null;
  planSha256?: string | null;
  reason?: string | null;
  actor?: string | null;
}

export interface InfraLinks {
  /** The portal page of this run, absolute (PORTAL_URL + the infra page's path). */
  runUrl: string;
}

function counts(s: InfraRunSnapshot["summary"]): string {
  if (!s) return "no summary";
  return `+${s.add} ~${s.change} -${s.destroy}`;
}

export function infraRunMessage(event: InfraEvent, r: InfraRunSnapshot, links: InfraLinks): SlackMessageContent {
  const env = escapeMrkdwn(r.environment);
  const destroys = (r.summary?.destroy ?? 0) > 0;
  let line: string;
  let text: string;
  let button = "Open run";
  switch (event) {
    case "drift_detected":
      line = `:warning: Drift in *${env}*: the scheduled plan wants to change ${counts(r.summary)}${destroys ? " (*includes destroys*)" : ""}.`;
      text = `Drift detected in ${r.environment}: ${counts(r.summary)}`;
      button = "Review the plan";
      break;
    case "plan_ready":
      line = `:memo: Plan for *${env}* is ready: ${counts(r.summary)}${destroys ? " (*includes destroys*)" : ""}.`;
      text = `Plan ready for ${r.environment}: ${counts(r.summary)}`;
      break;
    case "apply_approval_needed":
      line = `:eyes: Apply to *${env}* needs approval${r.requestedBy ? ` (requested by ${escapeMrkdwn(r.requestedBy)})` : ""}: ${counts(r.summary)}.`;
      text = `Apply to ${r.environment} needs approval`;
      button = "Review and approve";
      break;
    case "applied":
      line = `:white_check_mark: Applied to *${env}*${r.actor ? ` by ${escapeMrkdwn(r.actor)}` : ""}: ${counts(r.summary)}.`;
      text = `Applied to ${r.environment}`;
      break;
    case "failed":
      line = `:x: ${r.kind === "apply" ? "Apply" : "Plan"} for *${env}* failed${r.reason ? `: ${escapeMrkdwn(r.reason)}` : "."}`;
      text = `Infra ${r.kind} failed in ${r.environment}${r.reason ? `: ${r.reason}` : ""}`;
      break;
  }
  return {
    text,
    blocks: [
      section(line),
      ...(r.summary
        ? [
            fields([
              ["Add", String(r.summary.add)],
              ["Change", String(r.summary.change)],
              ["Destroy", String(r.summary.destroy)],
              ...(r.planSha256 ? ([["Plan sha256", `\`${r.planSha256.slice(0, 12)}\``]] as [string, string][]) : []),
            ]),
          ]
        : []),
      context(`infrastructure · ${env} · ${escapeMrkdwn(r.kind)} run`),
      actions(
        linkButton(button, links.runUrl, {
          actionId: `open-infra-run-${r.id}`,
          ...(event === "apply_approval_needed" ? { style: "primary" as const } : {}),
        }),
      ),
    ],
  };
}
