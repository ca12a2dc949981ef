// Environment locks on a real PostgreSQL: many portals racing for one environment, a holder that
// dies (no heartbeat) and one that keeps heart-beating, release only by the run that holds it.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { acquireLock, heartbeatLock, readLock, releaseLock } from "@/lib/server/infra/locks";
import { openDb } from "../audit/support";

let dbs: PrismaClient[];
const env = "staging";
const holder = (name: string) => ({
  environment: env,
  runId: crypto.randomUUID(),
  holderId: crypto.randomUUID(),
  holderName: name,
});

beforeAll(() => {
  // Separate clients (pools) stand for separate portal processes.
  dbs = Array.from({ length: 4 }, () => openDb(5));
});
afterAll(async () => {
  await Promise.all(dbs.map((d) => d.$disconnect()));
});
beforeEach(async () => {
  await dbs[0]!.$executeRaw`DELETE FROM infra_lock`;
});

describe("infra locks", () => {
  it("exactly one of 20 concurrent takers wins; the others are told who holds it", async () => {
    const takers = Array.from({ length: 20 }, (_, i) => holder(`user-${i}`));
    const results = await Promise.allSettled(
      takers.map((h, i) => dbs[i % dbs.length]!.$transaction((tx) => acquireLock(tx, h, 60))),
    );
    const won = results.filter((r) => r.status === "fulfilled");
    expect(won).toHaveLength(1);
    const winner = (won[0] as PromiseFulfilledResult<{ holderName: string }>).value.holderName;
    for (const r of results.filter((x) => x.status === "rejected")) {
      expect((r as PromiseRejectedResult).reason).toMatchObject({
        status: 409,
        message: expect.stringContaining(`${env} is locked by ${winner}`),
      });
    }
  });

  it("a holder that stops heart-beating (dead portal) loses the lock at its expiry, not before", async () => {
    const dead = holder("dead portal");
    await dbs[0]!.$transaction((tx) => acquireLock(tx, dead, 1));
    await expect(dbs[1]!.$transaction((tx) => acquireLock(tx, holder("early"), 60))).rejects.toMatchObject({
      status: 409,
    });
    await new Promise((r) => setTimeout(r, 1200));
    expect(await readLock(dbs[1]!, env)).toBeNull();
    const next = holder("next");
    await expect(dbs[1]!.$transaction((tx) => acquireLock(tx, next, 60))).resolves.toMatchObject({ runId: next.runId });
    // The dead holder's late heartbeat and release change nothing.
    expect(await heartbeatLock(dbs[0]!, env, dead.runId, 60)).toBe(false);
    expect(await releaseLock(dbs[0]!, env, dead.runId)).toBe(false);
    expect(await readLock(dbs[2]!, env)).toMatchObject({ runId: next.runId, holderName: "next" });
  });

  it("heart-beating keeps the lock past its first expiry", async () => {
    const live = holder("live build");
    await dbs[0]!.$transaction((tx) => acquireLock(tx, live, 1));
    for (let i = 0; i < 4; i++) {
      await new Promise((r) => setTimeout(r, 400));
      expect(await heartbeatLock(dbs[0]!, env, live.runId, 1)).toBe(true);
    }
    await expect(dbs[1]!.$transaction((tx) => acquireLock(tx, holder("other"), 60))).rejects.toMatchObject({
      status: 409,
    });
    expect(await releaseLock(dbs[0]!, env, live.runId)).toBe(true);
    await expect(dbs[1]!.$transaction((tx) => acquireLock(tx, holder("other"), 60))).resolves.toBeTruthy();
  });

  it("a lock taken in a transaction that rolls back is not held", async () => {
    const h = holder("rolled back");
    await expect(
      dbs[0]!.$transaction(async (tx) => {
        await acquireLock(tx, h, 60);
        throw new Error("audit refused");
      }),
    ).rejects.toThrow("audit refused");
    expect(await readLock(dbs[0]!, env)).toBeNull();
  });
});
