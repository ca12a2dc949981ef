// The promotion as the rules see it: the promotion and approval rows' fields (lib/server/promotions
// maps rows to this and back), and the effects a transition asks the service to carry out. Pure.
import type { AuditAction } from "../audit-actions";
import type { RoleGrant } from "../roles";
import type { FreezeWindow } from "./freeze";
import type { PromotionStatus } from "./status";
import type { VerificationThresholds } from "./verification";

export type ApprovalDecision = "approved" | "rejected";

/** One person's decision on a promotion; at most one record per approver (the table's unique key). */
export interface ApprovalRecord {
  approverId: string;
  decision: ApprovalDecision | (string & {});
  comment: string | null;
  createdAt: Date;
  /** After this instant the approval no longer counts; null = createdAt + the policy's TTL. */
  expiresAt: Date | null;
  /** Set when the approval was made void (the target values file moved). */
  voidedAt: Date | null;
  /**
   * The approver's role grants NOW, re-read from the user directory whenever the rules count
   * approvals: an approval counts only while its approver still holds approver or admin in the
   * target environment. A record loaded without them counts for nothing (fail closed).
   */
  approverGrants: readonly RoleGrant[];
}

/** An admin's written permission to promote through a freeze window. */
export interface FreezeOverride {
  byId: string;
  reason: string;
  /** When it was given, if stored (the audit event has it in any case). */
  at: Date | null;
}

/** "promote": the source's tag to the next environment; "rollback": back to an earlier succeeded promotion's tag. */
export type PromotionKind = "promote" | "rollback";

export interface Promotion {
  id: string;
  /** Absent = "promote" (rows written before kinds existed). */
  kind?: PromotionKind;
  /** For a rollback: the succeeded promotion whose tag it restores. */
  rollbackOfId?: string | null;
  application: string;
  fromEnvironment: string;
  toEnvironment: string;
  imageTag: string;
  status: PromotionStatus;
  requestedById: string;
  createdAt: Date;
  /** Blob SHA of the target values file when requested: once it moves the promotion is superseded. */
  targetValuesSha: string | null;
  commitSha: string | null;
  revertSha: string | null;
  failureReason: string | null;
  freezeOverride: FreezeOverride | null;
  approvals: ApprovalRecord[];
}

/** The rules of one target environment, from the catalog (promotionPolicy). */
export interface PromotionPolicy {
  environment: string;
  /** The catalog's `protected` flag of the environment (lib/domain/roles reads it through `can`). */
  protected: boolean;
  approvalsRequired: number;
  /** An approval counts for this long after it is given. */
  approvalTtlMinutes: number;
  /** A promotion not executed this long after its request expires. */
  requestTtlMinutes: number;
  /** How long the tag must have been Healthy in the source environment. */
  minSoakMinutes: number;
  freezeWindows: FreezeWindow[];
  autoSync: boolean;
  verification: VerificationThresholds & { windowMinutes: number };
}

export interface Ctx {
  now: Date;
  policy: PromotionPolicy;
}

/** Audit actions the transitions produce: the promotion.* names of lib/domain/audit-actions.ts. */
export type PromotionAuditAction = Extract<AuditAction, `promotion.${string}`>;

/** The Slack events of lib/integrations/slack/promotion-messages.ts. */
export type PromotionNotice =
  | "requested"
  | "approval_needed"
  | "approved"
  | "deployed"
  | "succeeded"
  | "failed"
  | "rolled_back";

/** What the executor does next (a job on lib/server/jobs), with the earliest time it should run. */
export type ExecutorStep = "commit" | "sync" | "watch" | "verify" | "rollback" | "expire";

export type Effect =
  | { type: "audit"; action: PromotionAuditAction; details: Record<string, unknown> }
  | { type: "notify"; event: PromotionNotice }
  | { type: "schedule"; step: ExecutorStep; notBefore: Date | null }
  | { type: "void_approvals"; reason: string };

export interface Transition {
  promotion: Promotion;
  effects: Effect[];
}
