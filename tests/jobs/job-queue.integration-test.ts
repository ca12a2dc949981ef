// The job queue on real PostgreSQL (and embedded PGlite): a job commits or rolls back with the
// caller's transaction, two processes never run one job twice, a failure is retried with
// backoff, and a job whose process was killed is picked up by another one.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { JobQueue } from "@/lib/server/jobs/queue";
import { clearJobRegistry, registerJob } from "@/lib/server/jobs/registry";
import { databaseUrl, openDb } from "../audit/support";

const until = async (check: () => Promise<boolean> | boolean, timeoutMs: number, what: string) => {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
};

const runs: { name: string; n: number; attempt: number; queue: string }[] = [];
let current = "";

describe("job queue on PostgreSQL", () => {
  const db = openDb(5);
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
    clearJobRegistry();
    const payload = z.object({ n: z.number().int() });
    registerJob("test.count", payload, async ({ n }, ctx) => {
      runs.push({ name: "test.count", n, attempt: ctx.attempt, queue: current });
      await new Promise((r) => setTimeout(r, 5));
    });
    registerJob(
      "test.flaky",
      payload,
      async ({ n }, ctx) => {
        runs.push({ name: "test.flaky", n, attempt: ctx.attempt, queue: current });
        if (ctx.attempt < 2) throw new Error(`attempt ${ctx.attempt} fails on purpose`);
      },
      { retryDelaySeconds: 1 },
    );
  });
  afterAll(async () => {
    for (const q of queues) await q.stop(2000);
    await db.$disconnect();
  });

  it("a job exists only if the caller's transaction commits", async () => {
    const q = await open("tx");
    await expect(
      db.$transaction(async (tx) => {
        await q.enqueue(tx, "test.count", { n: 1 });
        throw new Error("the state change failed");
      }),
    ).rejects.toThrow("the state change failed");
    const id = await db.$transaction((tx) => q.enqueue(tx, "test.count", { n: 2 }));
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const rows = await db.$queryRaw<{ n: number }[]>`
      SELECT (data->>'n')::int AS n FROM pgboss.job WHERE name = 'test.count' ORDER BY created_on`;
    expect(rows.map((r) => r.n)).toEqual([2]);
    await expect(db.$transaction((tx) => q.enqueue(tx, "test.count", { n: "x" }))).rejects.toThrow(/number/);
  });

  it("two processes on one database run each job exactly once", async () => {
    runs.length = 0;
    const a = await open("a");
    const b = await open("b");
    for (let i = 0; i < 60; i++) await db.$transaction((tx) => a.enqueue(tx, "test.count", { n: 100 + i }));
    current = "a";
    await a.startWorkers();
    await b.startWorkers();
    // Which process runs a job is up to SKIP LOCKED; that each runs once is the property.
    await until(() => runs.filter((r) => r.n >= 100).length >= 60, 30_000, "60 jobs");
    await new Promise((r) => setTimeout(r, 1500)); // a duplicate would show up now
    const ns = runs.filter((r) => r.n >= 100).map((r) => r.n);
    expect(ns.length).toBe(60);
    expect(new Set(ns).size).toBe(60);
  });

  it("retries a failing job with backoff until it succeeds", async () => {
    const q = queues[1]!;
    const started = Date.now();
    const id = await db.$transaction((tx) => q.enqueue(tx, "test.flaky", { n: 7 }));
    await until(
      async () => (await q.getJob("test.flaky", id!))?.state === "completed",
      30_000,
      "flaky job to complete",
    );
    const attempts = runs.filter((r) => r.name === "test.flaky").map((r) => r.attempt);
    expect(attempts).toEqual([0, 1, 2]);
    // retryDelay 1 s doubling: at least ~1 + ~1 s between the three attempts (jitter keeps ≥ half).
    expect(Date.now() - started).toBeGreaterThan(1000);
  });

  it("a job whose process was killed mid-run is resumed by another process", async () => {
    // node itself (not npx): SIGKILL must hit the process that holds the job.
    const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "tests/jobs/queue-worker.ts"], {
      env: process.env,
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout!.on("data", (d) => {
      out += String(d);
    });
    try {
      await until(() => out.includes("ready"), 60_000, "the doomed worker to start");
      // This process knows the job too, but works it only after the other one was killed.
      registerJob(
        "test.hang",
        z.object({ n: z.number() }),
        async ({ n }, ctx) => {
          runs.push({ name: "test.hang", n, attempt: ctx.attempt, queue: "survivor" });
        },
        { heartbeatSeconds: 10, retryDelaySeconds: 1 },
      );
      const q = await open("survivor");
      const id = await db.$transaction((tx) => q.enqueue(tx, "test.hang", { n: 42 }));
      await until(() => out.includes("started 42 attempt 0"), 20_000, "the doomed worker to take the job");
      child.kill("SIGKILL");
      await once(child, "exit");
      await q.startWorkers();
      // The surviving processes take it over once the heartbeat (10 s) is missed.
      await until(() => runs.some((r) => r.name === "test.hang" && r.n === 42), 60_000, "the job to be resumed");
      const resumed = runs.find((r) => r.name === "test.hang")!;
      expect(resumed.attempt).toBe(1);
      await until(async () => (await q.getJob("test.hang", id!))?.state === "completed", 10_000, "completion");
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });

  it("keeps cron schedules in the database", async () => {
    const q = queues[0]!;
    await q.schedule("test.count", "*/5 * * * *", { n: 9 }, { key: "every-5" });
    const rows = await db.$queryRaw<{ cron: string; key: string }[]>`
      SELECT cron, key FROM pgboss.schedule WHERE name = 'test.count'`;
    expect(rows).toEqual([{ cron: "*/5 * * * *", key: "every-5" }]);
    await q.unschedule("test.count", "every-5");
  });
});

describe("job queue on embedded PGlite (the demo database)", () => {
  it("enqueues in a Prisma transaction on the same instance and runs the job", async () => {
    const client = await PGlite.create();
    const prisma = new PrismaClient({ adapter: new PrismaPGlite(client) as never });
    let ran = 0;
    registerJob("test.pglite", z.object({ n: z.number() }), async () => {
      ran++;
    });
    const q = await JobQueue.open({ kind: "pglite", client }, { pollingIntervalSeconds: 0.5 });
    try {
      await q.startWorkers();
      await prisma.$transaction(async (tx) => {
        await tx.$executeRawUnsafe("CREATE TABLE thing (id int)");
        await q.enqueue(tx, "test.pglite", { n: 1 });
      });
      await until(() => ran === 1, 20_000, "the PGlite job");
    } finally {
      await q.stop(2000);
      await client.close();
    }
  });
});
