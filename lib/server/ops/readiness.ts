import "server-only";
// Readiness: the database answers and every migration in prisma/migrations has been applied.
import { readdir } from "node:fs/promises";
import path from "node:path";
import { getDb } from "@/lib/db";
import { logger } from "@/lib/log";

export type Readiness = { ready: true } | { ready: false; reason: string };

export async function checkReadiness(): Promise<Readiness> {
  let applied: Set<string>;
  try {
    const db = await getDb();
    const rows = await db.$queryRawUnsafe<{ migration_name: string }[]>(
      "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL",
    );
    applied = new Set(rows.map((r) => r.migration_name));
  } catch (err) {
    // The driver's text (host names, user names, sometimes more) goes to the log, never to the
    // caller: /api/ready is public. The answer is one of two fixed phrases.
    logger.warn({ err }, "readiness: database check failed");
    const message = (err as Error).message;
    return {
      ready: false,
      reason: /_prisma_migrations/.test(message)
        ? "database has no migrations applied (run make db-migrate)"
        : "database unreachable",
    };
  }
  const expected = (await readdir(path.join(process.cwd(), "prisma", "migrations"), { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name);
  const pending = expected.filter((m) => !applied.has(m));
  if (pending.length) {
    logger.warn({ pending }, "readiness: migrations pending");
    return { ready: false, reason: `${pending.length} pending migration(s) (run make db-migrate)` };
  }
  return { ready: true };
}
