// Test support for the audit integration tests: a Prisma client on the throwaway PostgreSQL from
// scripts/test/with-postgres.sh, plus a superuser pg connection that plays the attacker (it
// bypasses the append-only triggers with session_replication_role = replica).
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { pgConfigFromUrl } from "@/lib/db-adapter";
import { PrismaClient } from "@/lib/generated/prisma/client";
import type { AuditActor } from "@/lib/server/audit";

export function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is unset: run under scripts/test/with-postgres.sh");
  return url;
}

export function openDb(max = 10): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ ...pgConfigFromUrl(databaseUrl()), max }) });
}

export async function openAttacker(): Promise<pg.Client> {
  const c = new pg.Client(pgConfigFromUrl(databaseUrl()));
  await c.connect();
  return c;
}

/** Runs SQL with the triggers off, as a superuser with direct database access could. */
export async function tamper(attacker: pg.Client, sql: string, params: unknown[] = []) {
  await attacker.query("SET session_replication_role = replica");
  try {
    return await attacker.query(sql, params);
  } finally {
    await attacker.query("SET session_replication_role = DEFAULT");
  }
}

/** Empties the audit tables (test isolation only; the application cannot do this). */
export async function resetAudit(attacker: pg.Client) {
  await tamper(attacker, "DELETE FROM audit_event; DELETE FROM audit_checkpoint");
}

export const actor = (email = "ana@nura.example", role = "admin"): AuditActor => ({
  id: `user-${email}`,
  email,
  role,
  ip: "127.0.0.1",
  userAgent: "vitest",
});

/**
 * For "every mutating route writes exactly one audit event" tests: runs `fn` and returns the audit
 * events it appended (seq order). Usage:
 *   const { events } = await auditedBy(db, () => POST(request, ctx));
 *   expect(events.map((e) => e.action)).toEqual(["promotion.approved"]);
 */
export async function auditedBy<T>(
  db: Pick<PrismaClient, "$queryRaw">,
  fn: () => Promise<T>,
): Promise<{ result: T; events: { seq: bigint; action: string; outcome: string; targetId: string | null }[] }> {
  const [before] = await db.$queryRaw<{ seq: bigint | null }[]>`SELECT max(seq) AS seq FROM audit_event`;
  const result = await fn();
  const events = await db.$queryRaw<{ seq: bigint; action: string; outcome: string; targetId: string | null }[]>`
    SELECT seq, action, outcome, target_id AS "targetId" FROM audit_event WHERE seq > ${before?.seq ?? 0n} ORDER BY seq`;
  return { result, events };
}
