import "server-only";
// Environment locks in the database: one plan or apply per environment at a time. Taking a lock is
// one INSERT … ON CONFLICT that only overwrites an expired row, so two portals racing for the same
// environment cannot both win, and a lock whose holder stopped heartbeating (dead portal, lost
// build) is free again once it expires — nobody has to clean it up.
import type { DbTx } from "@/lib/db";
import { conflict } from "@/lib/http/errors";

export interface LockHolder {
  environment: string;
  runId: string;
  holderId: string | null;
  holderName: string;
}

export interface LockView {
  environment: string;
  runId: string;
  holderName: string;
  acquiredAt: Date;
  heartbeatAt: Date;
  expiresAt: Date;
}

type Tx = Pick<DbTx, "$queryRaw" | "$executeRaw">;

/** Takes the environment's lock for a run, or throws 409 naming who holds it. */
export async function acquireLock(tx: Tx, h: LockHolder, ttlSeconds: number): Promise<LockView> {
  const rows = await tx.$queryRaw<LockView[]>`
    INSERT INTO infra_lock (environment, run_id, holder_id, holder_name, acquired_at, heartbeat_at, expires_at)
    VALUES (${h.environment}, ${h.runId}::uuid, ${h.holderId}::uuid, ${h.holderName}, now(), now(),
            now() + make_interval(secs => ${ttlSeconds}))
    ON CONFLICT (environment) DO UPDATE
      SET run_id = EXCLUDED.run_id, holder_id = EXCLUDED.holder_id, holder_name = EXCLUDED.holder_name,
          acquired_at = EXCLUDED.acquired_at, heartbeat_at = EXCLUDED.heartbeat_at, expires_at = EXCLUDED.expires_at
      WHERE infra_lock.expires_at < now()
    RETURNING environment, run_id AS "runId", holder_name AS "holderName", acquired_at AS "acquiredAt",
              heartbeat_at AS "heartbeatAt", expires_at AS "expiresAt"`;
  if (rows[0]) return rows[0];
  const held = await readLock(tx, h.environment);
  throw conflict(
    held
      ? `${h.environment} is locked by ${held.holderName || "another run"} (run ${held.runId}) until ${held.expiresAt.toISOString()}`
      : `${h.environment} is locked by another run`,
    held ? { runId: held.runId, holder: held.holderName, expiresAt: held.expiresAt.toISOString() } : undefined,
  );
}

/** The live lock of an environment (an expired row counts as no lock). */
export async function readLock(tx: Tx, environment: string): Promise<LockView | null> {
  const rows = await tx.$queryRaw<LockView[]>`
    SELECT environment, run_id AS "runId", holder_name AS "holderName", acquired_at AS "acquiredAt",
           heartbeat_at AS "heartbeatAt", expires_at AS "expiresAt"
    FROM infra_lock WHERE environment = ${environment} AND expires_at >= now()`;
  return rows[0] ?? null;
}

export async function readLocks(tx: Tx): Promise<LockView[]> {
  return tx.$queryRaw<LockView[]>`
    SELECT environment, run_id AS "runId", holder_name AS "holderName", acquired_at AS "acquiredAt",
           heartbeat_at AS "heartbeatAt", expires_at AS "expiresAt"
    FROM infra_lock WHERE expires_at >= now()`;
}

/** Extends the run's lock; false when the run no longer holds it (expired and taken, or unlocked). */
export async function heartbeatLock(tx: Tx, environment: string, runId: string, ttlSeconds: number): Promise<boolean> {
  const n = await tx.$executeRaw`
    UPDATE infra_lock SET heartbeat_at = now(), expires_at = now() + make_interval(secs => ${ttlSeconds})
    WHERE environment = ${environment} AND run_id = ${runId}::uuid AND expires_at >= now()`;
  return n > 0;
}

/** Releases the lock if this run still holds it (a forced unlock or a successor is left alone). */
export async function releaseLock(tx: Tx, environment: string, runId: string): Promise<boolean> {
  const n = await tx.$executeRaw`DELETE FROM infra_lock WHERE environment = ${environment} AND run_id = ${runId}::uuid`;
  return n > 0;
}

/** Admin force-unlock: drops whatever lock the environment has; returns what it dropped. */
export async function forceUnlock(tx: Tx, environment: string): Promise<LockView | null> {
  const rows = await tx.$queryRaw<LockView[]>`
    DELETE FROM infra_lock WHERE environment = ${environment}
    RETURNING environment, run_id AS "runId", holder_name AS "holderName", acquired_at AS "acquiredAt",
              heartbeat_at AS "heartbeatAt", expires_at AS "expiresAt"`;
  return rows[0] ?? null;
}
