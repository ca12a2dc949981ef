// The slice of Prisma the audit service needs. Both the PrismaClient and an interactive
// transaction client satisfy it, so callers pass whichever they hold.
import type { ChainedAuditEvent } from "@/lib/domain/audit-chain";
import type { PrismaClient } from "@/lib/generated/prisma/client";

export type AuditTx = Pick<PrismaClient, "$queryRaw" | "$executeRaw">;
export type AuditDb = Pick<PrismaClient, "$queryRaw" | "$executeRaw" | "$transaction">;

/** An audit event as it crosses boundaries (JSON-safe: seq as a decimal string, time as ISO). */
export type AuditEventDto = Omit<ChainedAuditEvent, "seq" | "occurredAt" | "details"> & {
  seq: string;
  occurredAt: string;
  details: unknown;
};
