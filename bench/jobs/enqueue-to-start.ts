// Job queue latency: a job enqueued in a committed Prisma transaction → its handler starts, on
// embedded PGlite (the demo) and on PostgreSQL (DATABASE_URL, production). 5 runs × 50 jobs, each
// run's p95; min / median / max over the runs (bench/lib/figures) and the "## Job queue" section of
// bench/RESULTS.md (written only when both databases ran).
//   node --import tsx bench/jobs/enqueue-to-start.ts               # PGlite only
//   scripts/test/with-postgres.sh node --import tsx bench/jobs/enqueue-to-start.ts
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { z } from "zod";
import { pgConfigFromUrl } from "@/lib/db-adapter";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { JobQueue, type QueueDatabase } from "@/lib/server/jobs/queue";
import { registerJob } from "@/lib/server/jobs/registry";
import { type FigureRow, figure, figureTable, load1, loadLine, printFigures, repeatRuns } from "../lib/figures";
import { machine, percentile, writeSection } from "../lib/results-section";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const JOBS = Number(process.env.BENCH_JOBS ?? 50);
const loads = [load1()];

const started = new Map<number, number>();
registerJob("bench.noop", z.object({ n: z.number() }), async ({ n }) => {
  started.set(n, performance.now());
});

async function measure(label: string, db: QueueDatabase, prisma: PrismaClient): Promise<FigureRow> {
  started.clear();
  const queue = await JobQueue.open(db, { pollingIntervalSeconds: 2 });
  await queue.startWorkers();
  let n = 0;
  const { results, loads: l } = await repeatRuns(RUNS, async () => {
    const lat: number[] = [];
    for (let i = 0; i < JOBS; i++) {
      const id = n++;
      await prisma.$transaction((tx) => queue.enqueue(tx, "bench.noop", { n: id }));
      const t0 = performance.now();
      while (!started.has(id)) await new Promise((r) => setTimeout(r, 1));
      lat.push(started.get(id)! - t0);
    }
    return percentile(
      lat.sort((a, b) => a - b),
      95,
    );
  });
  loads.push(...l.slice(1));
  await queue.stop(2000);
  const row = figure({
    name: `${label}, commit → handler start p95 (${JOBS} jobs a run)`,
    values: results,
    unit: "ms",
    reference: "no target; part of the 500 ms approve → pushed budget",
  });
  printFigures([row]);
  return row;
}

const rows: FigureRow[] = [];
const client = await PGlite.create();
const t0 = performance.now();
const lite = new PrismaClient({ adapter: new PrismaPGlite(client) as never });
rows.push(await measure("PGlite (demo)", { kind: "pglite", client }, lite));
const setup = (performance.now() - t0) / 1000;
console.log(`  (PGlite: open + pg-boss schema install + ${RUNS * JOBS} jobs: ${setup.toFixed(1)} s, one run)`);
await client.close();
if (process.env.DATABASE_URL) {
  const pg = new PrismaClient({ adapter: new PrismaPg(pgConfigFromUrl(process.env.DATABASE_URL)) });
  rows.push(await measure("PostgreSQL", { kind: "postgres", url: process.env.DATABASE_URL }, pg));
  await pg.$disconnect();
  writeSection(
    "bench/RESULTS.md",
    "## Job queue (lib/server/jobs, pg-boss)",
    `## Job queue (lib/server/jobs, pg-boss)

Command: \`nice scripts/test/with-postgres.sh node --import tsx bench/jobs/enqueue-to-start.ts\` (PGlite in memory, then the throwaway PostgreSQL 15).
Run: ${new Date().toISOString().slice(0, 16)} UTC on ${machine()}; ${loadLine(loads)}.
Latency from the commit of a Prisma transaction that enqueued a job to the start of its handler (LISTEN/NOTIFY wake-up); each run's p95 of ${JOBS} jobs, ${RUNS} runs:

${figureTable(rows)}

PGlite: opening a fresh database, installing pg-boss's schema and the ${RUNS * JOBS} jobs took ${setup.toFixed(1)} s (one run; once per data directory).
`,
  );
  console.log('wrote the "## Job queue (lib/server/jobs, pg-boss)" section of bench/RESULTS.md');
}
process.exit(0);
