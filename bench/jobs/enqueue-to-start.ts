// Job queue latency: a job enqueued in a committed Prisma transaction → its handler starts, on
// embedded PGlite (the demo) and on PostgreSQL (DATABASE_URL, production). 5 runs × 50 jobs.
//   node --import tsx bench/jobs/enqueue-to-start.ts               # PGlite only
//   scripts/test/with-postgres.sh node --import tsx bench/jobs/enqueue-to-start.ts
import { loadavg } from "node:os";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { z } from "zod";
import { pgConfigFromUrl } from "@/lib/db-adapter";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { JobQueue, type QueueDatabase } from "@/lib/server/jobs/queue";
import { registerJob } from "@/lib/server/jobs/registry";

const started = new Map<number, number>();
registerJob("bench.noop", z.object({ n: z.number() }), async ({ n }) => {
  started.set(n, performance.now());
});

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;

async function measure(label: string, db: QueueDatabase, prisma: PrismaClient) {
  started.clear();
  const queue = await JobQueue.open(db, { pollingIntervalSeconds: 2 });
  await queue.startWorkers();
  const p95s: number[] = [];
  let n = 0;
  for (let run = 0; run < 5; run++) {
    const lat: number[] = [];
    for (let i = 0; i < 50; i++) {
      const id = n++;
      await prisma.$transaction((tx) => queue.enqueue(tx, "bench.noop", { n: id }));
      const t0 = performance.now();
      while (!started.has(id)) await new Promise((r) => setTimeout(r, 1));
      lat.push(started.get(id)! - t0);
    }
    p95s.push(pct(lat, 95));
  }
  await queue.stop(2000);
  const med = pct(p95s, 50);
  console.log(
    `${label}: commit → handler start p95 per run (ms): median ${med.toFixed(1)}, min ${Math.min(...p95s).toFixed(1)}, max ${Math.max(...p95s).toFixed(1)} (5 runs × 50 jobs; load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")})`,
  );
}

const client = await PGlite.create();
const t0 = performance.now();
const lite = new PrismaClient({ adapter: new PrismaPGlite(client) as never });
await measure("PGlite", { kind: "pglite", client }, lite);
console.log(`  (PGlite incl. pg-boss schema install: ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
await client.close();
if (process.env.DATABASE_URL) {
  const pg = new PrismaClient({ adapter: new PrismaPg(pgConfigFromUrl(process.env.DATABASE_URL)) });
  await measure("PostgreSQL", { kind: "postgres", url: process.env.DATABASE_URL }, pg);
  await pg.$disconnect();
}
process.exit(0);
