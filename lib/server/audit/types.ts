// The slice of Prisma the audit service needs. Both the PrismaClient and an interactive
// transaction client satisfy it, so callers pass whichever they hold.
import type { PrismaClient } from "@/lib/generated/prisma/client";

export type AuditTx = Pick<PrismaClient, "$queryRaw" | "$executeRaw">;
export type AuditDb = Pick<PrismaClient, "$queryRaw" | "$executeRaw" | "$transaction">;

/** An audit event as it crosses boundaries (JSON-safe: seq as a decimal string, time as ISO). */
export type AuditEventDto = {
  seq: string;
  id: string;
  occurredAt: string;
  actorId: string | null;
  actorEmail: string | null;
  actorRole: string | null;
  actorIp: string | null;
  userAgent: string | null;
  action: string;
  outcome: string;
  environment: string | null;
  application: string | null;
  targetType: string | null;
  targetId: string | null;
  correlationId: string | null;
  details: unknown;
  prevHash: string;
  hash: string;
};
