// The bridge between promotion rows and the pure rules (lib/domain/promotions): a row becomes the
// rules' Promotion, and a transition the rules accepted is written back — the new state, its
// approvals, its audit events and its Slack messages — inside the caller's transaction, guarded on
// the state it started from, so two writers can never both move one promotion.
import type { DbTx } from "@/lib/db";
import type { JsonValue } from "@/lib/domain/audit-chain";
import {
  approversAtCommit,
  type Effect,
  type ExecutorStep,
  type Promotion,
  type PromotionPolicy,
  REFUSAL_HTTP_STATUS,
  type Refusal,
  type Transition,
  validApproverIds,
} from "@/lib/domain/promotions";
import type { RoleGrant } from "@/lib/domain/roles";
import type { Prisma } from "@/lib/generated/prisma/client";
import { AppError, type ErrorCode } from "@/lib/http/errors";
import type { AuditActor } from "@/lib/server/audit/record";
import { recordAudit } from "@/lib/server/audit/record";
import { type Notifier, promotionSnapshot } from "./notify";

export const promotionInclude = { approvals: { orderBy: { createdAt: "asc" } } } satisfies Prisma.PromotionInclude;

/** Each approver's role grants as the directory holds them now, by user id. */
export type ApproverGrants = ReadonlyMap<string, RoleGrant[]>;

export type PromotionRow = Prisma.PromotionGetPayload<{ include: typeof promotionInclude }> & {
  /**
   * Set by withApproverGrants. Without it no approval counts (toDomain gives them no roles), so a
   * path that forgets to load it refuses rather than executing on approvals it could not check.
   */
  approverGrants?: ApproverGrants;
};

/** The current grants of the people who decided on these promotions (one query). */
export async function loadApproverGrants(
  db: Pick<DbTx, "roleMembership">,
  approverIds: readonly string[],
): Promise<Map<string, RoleGrant[]>> {
  const out = new Map<string, RoleGrant[]>(approverIds.map((id) => [id, []]));
  if (approverIds.length === 0) return out;
  const rows = await db.roleMembership.findMany({
    where: { userId: { in: [...new Set(approverIds)] } },
    select: { userId: true, role: true, environment: true },
  });
  for (const r of rows) out.get(r.userId)?.push({ role: r.role, environment: r.environment });
  return out;
}

/** `row` with its approvers' grants read now: what the rules need to tell which approvals still count. */
export async function withApproverGrants<R extends PromotionRow>(db: Pick<DbTx, "roleMembership">, row: R): Promise<R> {
  return {
    ...row,
    approverGrants: await loadApproverGrants(
      db,
      row.approvals.map((a) => a.approverId),
    ),
  };
}

/** What toDomain reads of a row: every promotion field the rules have, and each approval's decision. */
export type DomainSource = Pick<
  PromotionRow,
  | "id"
  | "kind"
  | "rollbackOfId"
  | "application"
  | "fromEnvironment"
  | "toEnvironment"
  | "imageTag"
  | "status"
  | "requestedById"
  | "createdAt"
  | "targetValuesSha"
  | "commitSha"
  | "revertSha"
  | "failureReason"
  | "freezeOverrideById"
  | "freezeOverrideReason"
  | "approverGrants"
> & {
  approvals: Pick<
    PromotionRow["approvals"][number],
    "approverId" | "decision" | "comment" | "createdAt" | "expiresAt" | "voidedAt"
  >[];
};

export function toDomain(row: DomainSource): Promotion {
  return {
    id: row.id,
    kind: row.kind === "rollback" ? "rollback" : "promote",
    rollbackOfId: row.rollbackOfId,
    application: row.application,
    fromEnvironment: row.fromEnvironment,
    toEnvironment: row.toEnvironment,
    imageTag: row.imageTag,
    status: row.status as Promotion["status"],
    requestedById: row.requestedById,
    createdAt: row.createdAt,
    targetValuesSha: row.targetValuesSha,
    commitSha: row.commitSha,
    revertSha: row.revertSha,
    failureReason: row.failureReason,
    freezeOverride:
      row.freezeOverrideById && row.freezeOverrideReason
        ? { byId: row.freezeOverrideById, reason: row.freezeOverrideReason, at: null }
        : null,
    approvals: row.approvals.map((a) => ({
      approverId: a.approverId,
      decision: a.decision,
      comment: a.comment,
      createdAt: a.createdAt,
      expiresAt: a.expiresAt,
      voidedAt: a.voidedAt,
      approverGrants: row.approverGrants?.get(a.approverId) ?? [],
    })),
  };
}

const HTTP_CODE: Record<number, ErrorCode> = {
  400: "bad_request",
  403: "forbidden",
  404: "not_found",
  409: "conflict",
  // A request that can never be valid (wrong order of environments): a 400 that says why.
  422: "bad_request",
};

/** A refusal of the rules as the HTTP error the route answers with (its message names the problem). */
export function refusalError(r: Refusal): AppError {
  const status = REFUSAL_HTTP_STATUS[r.code];
  return new AppError(HTTP_CODE[status] ?? "conflict", r.message, {
    code: r.code,
    ...(r.retryAt ? { retryAt: r.retryAt.toISOString() } : {}),
  });
}

export interface ApplyOptions {
  actor: AuditActor;
  correlationId: string;
  policy: PromotionPolicy;
  notify: Notifier;
  /** Called for each schedule effect (the service enqueues the executor; the executor continues itself). */
  onSchedule?: (step: ExecutorStep, notBefore: Date | null) => Promise<void>;
  /** Extra columns written with the state change (executor progress, verification…). */
  data?: Prisma.PromotionUpdateManyMutationInput;
  /** Only while this job holds the lease (the executor). */
  leaseOwner?: string;
  /** Who took the step, for the Slack message (a person's name). */
  actorName?: string | null;
  /** Extra audit details merged into every audit effect (diff, Argo CD observation…). */
  auditDetails?: Record<string, JsonValue>;
  /** The rules' clock reading of this step (which approvals still count, for Slack). */
  now: Date;
}

/** The approvers the promotion's commit counted (its `promotion.commit_started` event); null before one. */
async function approversCommittedWith(tx: DbTx, promotionId: string): Promise<ReadonlySet<string> | null> {
  const started = await tx.auditEvent.findFirst({
    where: { targetType: "promotion", targetId: promotionId, action: "promotion.commit_started" },
    orderBy: { seq: "desc" },
    select: { details: true },
  });
  return approversAtCommit(started?.details);
}

export class StaleTransition extends Error {
  override name = "StaleTransition";
}

/** Writes `t` (accepted from `row`'s state) in `tx`: state + approvals + Slack + schedules, audit last. */
export async function applyTransition(
  tx: DbTx,
  row: PromotionRow,
  t: Transition,
  opts: ApplyOptions,
): Promise<PromotionRow> {
  const p = t.promotion;
  const done = await tx.promotion.updateMany({
    where: { id: row.id, status: row.status, ...(opts.leaseOwner ? { leaseOwner: opts.leaseOwner } : {}) },
    data: {
      ...(opts.data ?? {}),
      status: p.status,
      commitSha: p.commitSha,
      revertSha: p.revertSha,
      failureReason: p.failureReason,
      freezeOverrideById: p.freezeOverride?.byId ?? null,
      freezeOverrideReason: p.freezeOverride?.reason ?? null,
    },
  });
  if (done.count !== 1) throw new StaleTransition(`promotion ${row.id} is no longer ${row.status}`);
  const audits: Extract<Effect, { type: "audit" }>[] = [];
  for (const e of t.effects) {
    if (e.type === "void_approvals") {
      await tx.approval.updateMany({
        where: { promotionId: row.id, voidedAt: null, decision: "approved" },
        data: { voidedAt: new Date() },
      });
    } else if (e.type === "schedule") {
      await opts.onSchedule?.(e.step, e.notBefore);
    } else if (e.type === "audit") {
      audits.push(e);
    }
  }
  const fresh = (await tx.promotion.findUnique({ where: { id: row.id }, include: promotionInclude }))!;
  // Slack lists the approvals that count, as the page does: while approvals are counted (the steps
  // that count them load the approvers' grants), those that count now; once the executor committed,
  // those the commit counted; a row with neither (a cancel before any commit) lists what is not voided.
  const notifies = t.effects.some((e) => e.type === "notify");
  const counting = !notifies
    ? null
    : row.approverGrants
      ? new Set(validApproverIds(p, opts.policy, opts.now))
      : await approversCommittedWith(tx, row.id);
  for (const e of t.effects) {
    if (e.type !== "notify") continue;
    await opts.notify(
      tx,
      e.event,
      promotionSnapshot(fresh, opts.policy.approvalsRequired, { actor: opts.actorName ?? null, counting }),
    );
  }
  // The audit append lock is held until commit: events go last to keep that window short.
  for (const e of audits) {
    await recordAudit(tx, {
      action: e.action,
      outcome: e.action === "promotion.failed" || e.action === "promotion.rollback_started" ? "failure" : "success",
      actor: opts.actor,
      environment: row.toEnvironment,
      application: row.application,
      target: { type: "promotion", id: row.id },
      correlationId: opts.correlationId,
      details: { ...(e.details as Record<string, JsonValue>), ...(opts.auditDetails ?? {}) },
    });
  }
  return fresh;
}
