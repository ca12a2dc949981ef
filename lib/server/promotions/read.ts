// Promotion reads for the API: one promotion with its approvals and its timeline (the audit
// events that target it, in order), and a filtered list. Plain DTOs, explicit selects.
import { z } from "zod";
import { auditActionLabel } from "@/lib/domain/audit-actions";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { type PromotionRow, promotionInclude } from "./persist";

export const approvalDtoSchema = z.object({
  approverId: z.string(),
  name: z.string(),
  email: z.string(),
  role: z.string().nullable(),
  decision: z.string(),
  comment: z.string().nullable(),
  at: z.string(),
  expiresAt: z.string().nullable(),
  voidedAt: z.string().nullable(),
});

export const timelineEntrySchema = z.object({
  seq: z.string(),
  at: z.string(),
  action: z.string(),
  label: z.string(),
  outcome: z.string(),
  actor: z.string().nullable(),
  details: z.unknown(),
});

export const promotionDtoSchema = z.object({
  id: z.string(),
  kind: z.string(),
  application: z.string(),
  fromEnvironment: z.string(),
  toEnvironment: z.string(),
  imageTag: z.string(),
  previousTag: z.string().nullable(),
  status: z.string(),
  requestedBy: z.object({ id: z.string(), name: z.string(), email: z.string(), via: z.string() }),
  reason: z.string().nullable(),
  rollbackOfId: z.string().nullable(),
  targetValuesSha: z.string().nullable(),
  commitSha: z.string().nullable(),
  revertSha: z.string().nullable(),
  failureReason: z.string().nullable(),
  freezeOverride: z.object({ byId: z.string(), reason: z.string() }).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  deployedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  verifyUntil: z.string().nullable(),
  argoStatus: z.unknown(),
  verification: z.unknown(),
  approvals: z.array(approvalDtoSchema),
});
export type PromotionDto = z.infer<typeof promotionDtoSchema>;
export const promotionDetailSchema = promotionDtoSchema.extend({ timeline: z.array(timelineEntrySchema) });
export type PromotionDetail = z.infer<typeof promotionDetailSchema>;

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function toPromotionDto(p: PromotionRow): PromotionDto {
  return {
    id: p.id,
    kind: p.kind,
    application: p.application,
    fromEnvironment: p.fromEnvironment,
    toEnvironment: p.toEnvironment,
    imageTag: p.imageTag,
    previousTag: p.previousTag,
    status: p.status,
    requestedBy: { id: p.requestedById, name: p.requesterName, email: p.requesterEmail, via: p.requestedVia },
    reason: p.reason,
    rollbackOfId: p.rollbackOfId,
    targetValuesSha: p.targetValuesSha,
    commitSha: p.commitSha,
    revertSha: p.revertSha,
    failureReason: p.failureReason,
    freezeOverride:
      p.freezeOverrideById && p.freezeOverrideReason
        ? { byId: p.freezeOverrideById, reason: p.freezeOverrideReason }
        : null,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
    deployedAt: iso(p.deployedAt),
    finishedAt: iso(p.finishedAt),
    verifyUntil: iso(p.verifyUntil),
    argoStatus: p.argoStatus ?? null,
    verification: p.verification ?? null,
    approvals: p.approvals.map((a) => ({
      approverId: a.approverId,
      name: a.approverName,
      email: a.approverEmail,
      role: a.approverRole,
      decision: a.decision,
      comment: a.comment,
      at: a.createdAt.toISOString(),
      expiresAt: iso(a.expiresAt),
      voidedAt: iso(a.voidedAt),
    })),
  };
}

export async function getPromotionDetail(db: PrismaClient, id: string): Promise<PromotionDetail | null> {
  const p = await db.promotion.findUnique({ where: { id }, include: promotionInclude });
  if (!p) return null;
  const events = await db.auditEvent.findMany({
    where: { targetType: "promotion", targetId: id },
    orderBy: { seq: "asc" },
    select: {
      seq: true,
      occurredAt: true,
      action: true,
      outcome: true,
      actorEmail: true,
      actorId: true,
      details: true,
    },
    take: 500,
  });
  return {
    ...toPromotionDto(p),
    timeline: events.map((e) => ({
      seq: e.seq.toString(),
      at: e.occurredAt.toISOString(),
      action: e.action,
      label: auditActionLabel(e.action),
      outcome: e.outcome,
      actor: e.actorEmail ?? e.actorId,
      details: e.details,
    })),
  };
}

export const listPromotionsQuerySchema = z.strictObject({
  application: z.string().max(100).optional(),
  environment: z.string().max(63).optional(),
  status: z.string().max(30).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListPromotionsQuery = z.infer<typeof listPromotionsQuerySchema>;

export async function listPromotions(db: PrismaClient, q: ListPromotionsQuery): Promise<PromotionDto[]> {
  const where: Prisma.PromotionWhereInput = {
    ...(q.application ? { application: q.application } : {}),
    ...(q.environment ? { toEnvironment: q.environment } : {}),
    ...(q.status ? { status: q.status } : {}),
  };
  const rows = await db.promotion.findMany({
    where,
    include: promotionInclude,
    orderBy: { createdAt: "desc" },
    take: q.limit,
  });
  return rows.map(toPromotionDto);
}
