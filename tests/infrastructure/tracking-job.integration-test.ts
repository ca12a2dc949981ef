// The run-tracking job on the real job queue (pg-boss on PostgreSQL): a plan finishes, records its
// artifacts and frees its lock with nobody polling, and the job commits or rolls back with the run.
// (A killed worker's job moving to another process is the queue's own guarantee, tested in
// tests/jobs/job-queue.integration-test.ts.)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { requestPlan } from "@/lib/server/infra/actions";
import { registerInfraJobs } from "@/lib/server/infra/jobs";
import { readLock } from "@/lib/server/infra/locks";
import { TRACK_RUN_JOB } from "@/lib/server/infra/track-job";
import type { InfraDeps } from "@/lib/server/infra/types";
import { JobQueue } from "@/lib/server/jobs/queue";
import { clearJobRegistry } from "@/lib/server/jobs/registry";
import { startWorld, type World } from "@/sandbox/world";
import { databaseUrl, openDb } from "../audit/support";
import { caller, depsFor, FIXTURE_JOBS, jenkinsOf } from "./support";

let world: World;
let db: PrismaClient;
let deps: InfraDeps;
const queues: JobQueue[] = [];
const open = async (name: string) => {
  const q = await JobQueue.open(
    { kind: "postgres", url: databaseUrl() },
    { pollingIntervalSeconds: 0.5, instanceName: name },
  );
  queues.push(q);
  return q;
};

beforeAll(async () => {
  world = await startWorld({ services: ["jenkins"], jenkinsJobsFile: FIXTURE_JOBS, jenkinsQuietPeriodMs: 50 });
  db = openDb();
  clearJobRegistry();
  registerInfraJobs(async () => deps);
});
afterAll(async () => {
  await Promise.all(queues.map((q) => q.stop()));
  await db?.$disconnect();
  await world?.stop();
});

async function until<T>(what: string, fn: () => Promise<T | null | undefined | false>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("infra.track-run on the job queue", () => {
  it("a plan nobody watches still finishes, with its artifacts, and frees the lock", async () => {
    const queue = await open("portal-a");
    await queue.startWorkers();
    deps = {
      ...depsFor(db, jenkinsOf(world)),
      enqueueTracking: (tx, runId) =>
        queue.enqueue(tx, TRACK_RUN_JOB, { runId, hop: 0 }, { singletonKey: `${runId}#0` }).then(() => undefined),
    };
    await db.$executeRaw`DELETE FROM infra_lock WHERE environment = 'dev'`;
    const run = await requestPlan(deps, caller("Ana Platform", [["approver", null]]), { environment: "dev" });
    const done = await until("the run to end", async () => {
      const r = await db.infraRun.findUniqueOrThrow({ where: { id: run.id } });
      return r.status === "succeeded" || r.status === "failed" ? r : null;
    });
    expect(done).toMatchObject({ status: "succeeded", hasChanges: true });
    expect(done.planSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await readLock(db, "dev")).toBeNull();
  });

  it("a tracking job enqueued in a transaction that rolled back never runs", async () => {
    const queue = queues[0]!;
    const ghost = crypto.randomUUID();
    await db
      .$transaction(async (tx) => {
        await queue.enqueue(tx, TRACK_RUN_JOB, { runId: ghost, hop: 0 }, { singletonKey: `${ghost}#0` });
        throw new Error("lock refused");
      })
      .catch(() => undefined);
    const rows = await db.$queryRawUnsafe<{ n: bigint }[]>(
      `SELECT count(*) AS n FROM pgboss.job WHERE name = $1 AND data->>'runId' = $2`,
      TRACK_RUN_JOB,
      ghost,
    );
    expect(Number(rows[0]!.n)).toBe(0);
  });
});
