// The Slack side of a promotion step: one outbox row, written with the step's transaction, so a
// message exists exactly when the change it announces committed. promotions-ui owns the outbox
// and its delivery (lib/server/slack); this only builds the snapshot their messages render.
import type { DbTx } from "@/lib/db";
import type { PromotionEvent, PromotionSnapshot } from "@/lib/integrations/slack/promotion-messages";

export interface SnapshotSource {
  id: string;
  application: string;
  fromEnvironment: string;
  toEnvironment: string;
  imageTag: string;
  status: string;
  requesterName: string;
  requesterEmail: string;
  commitSha: string | null;
  revertSha: string | null;
  failureReason: string | null;
  approvals: {
    approverId: string;
    approverName: string;
    approverEmail: string;
    decision: string;
    comment: string | null;
    voidedAt: Date | null;
  }[];
}

export function promotionSnapshot(
  p: SnapshotSource,
  required: number,
  extra: {
    reason?: string | null;
    actor?: string | null;
    /**
     * The approvers whose approval counts now (the rules: not expired, voided or of someone who lost
     * the role there), when the caller knows them; otherwise every approval not voided is listed.
     */
    counting?: ReadonlySet<string> | null;
  } = {},
): PromotionSnapshot {
  return {
    id: p.id,
    application: p.application,
    fromEnvironment: p.fromEnvironment,
    toEnvironment: p.toEnvironment,
    imageTag: p.imageTag,
    status: p.status,
    requestedBy: p.requesterName || p.requesterEmail,
    approvals: {
      required,
      given: p.approvals
        .filter((a) => a.decision === "approved" && !a.voidedAt && (extra.counting?.has(a.approverId) ?? true))
        .map((a) => ({ name: a.approverName || a.approverEmail, comment: a.comment })),
    },
    commitSha: p.commitSha,
    revertSha: p.revertSha,
    reason: extra.reason ?? p.failureReason,
    actor: extra.actor ?? null,
  };
}

export type Notifier = (tx: DbTx, event: PromotionEvent, snapshot: PromotionSnapshot) => Promise<void>;
