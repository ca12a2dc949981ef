// What a caller asks Slack to say, as stored in slack_outbox.payload: a promotion step with its
// snapshot, or an infra run step. Validated when queued and again when delivered (a row written
// by an older release must still parse).
import { z } from "zod";
import { INFRA_EVENTS } from "@/lib/integrations/slack/infra-messages";
import { PROMOTION_EVENTS } from "@/lib/integrations/slack/promotion-messages";

const sha = z.string().regex(/^[0-9a-f]{7,64}$/, "must be a git sha");

export const promotionSnapshotSchema = z.object({
  id: z.string().min(1),
  application: z.string().min(1),
  fromEnvironment: z.string().min(1),
  toEnvironment: z.string().min(1),
  imageTag: z.string().min(1),
  status: z.string().min(1),
  requestedBy: z.string().min(1),
  approvals: z.object({
    required: z.number().int().min(0),
    given: z.array(z.object({ name: z.string().min(1), comment: z.string().nullish() })),
  }),
  commitSha: sha.nullish(),
  revertSha: sha.nullish(),
  reason: z.string().nullish(),
  actor: z.string().nullish(),
});

export const infraRunSnapshotSchema = z.object({
  id: z.string().min(1),
  environment: z.string().min(1),
  kind: z.enum(["plan", "apply", "drift"]),
  requestedBy: z.string().nullish(),
  summary: z.object({ add: z.number().int(), change: z.number().int(), destroy: z.number().int() }).nullish(),
  planSha256: z.string().nullish(),
  reason: z.string().nullish(),
  actor: z.string().nullish(),
});

export const slackNoticeSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("promotion"), event: z.enum(PROMOTION_EVENTS), promotion: promotionSnapshotSchema }),
  z.object({
    kind: z.literal("infra"),
    event: z.enum(INFRA_EVENTS),
    run: infraRunSnapshotSchema,
    /** The run's page in the portal, a path ("/infrastructure/runs/<id>"); PORTAL_URL is prefixed at delivery. */
    path: z.string().regex(/^\/[^/]/, "must be a portal path"),
  }),
]);
export type SlackNotice = z.infer<typeof slackNoticeSchema>;

/** The thread a notice belongs to: one per promotion, one per infra run. */
export function noticeTarget(n: SlackNotice): { targetType: string; targetId: string } {
  return n.kind === "promotion"
    ? { targetType: "promotion", targetId: n.promotion.id }
    : { targetType: "infra_run", targetId: n.run.id };
}
