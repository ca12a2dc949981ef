// Live console benchmark (issue 11): the run page's stream (lib/server/infra/console-stream.ts, the
// producer behind GET /api/infra/runs/{id}/console) against the sandbox Jenkins running a real
// process that writes console lines, on real PostgreSQL. Per run:
//   first bytes: Jenkins' build start (its `timestamp`) → the first console event read by the client,
//     measured from "Plan" (requestPlan) as the page opens its stream right after it;
//   added latency per chunk: Jenkins' progressiveText answer received by the portal → the SSE event
//     for it read by the client (serialising, queueing, streaming), over every chunk of the run.
// ≥ 5 runs; median/min/max and p95 beside their references; results into bench/RESULTS.md.
//   scripts/test/with-postgres.sh node --conditions=react-server --import tsx bench/infra-console/run.ts
//   (make bench-infra-console)
import { PrismaPg } from "@prisma/adapter-pg";
import { loadCatalog } from "@/lib/catalog";
import { pgConfigFromUrl } from "@/lib/db-adapter";
import { PrismaClient } from "@/lib/generated/prisma/client";
import type { JenkinsApi } from "@/lib/integrations/jenkins/api";
import { createJenkinsClient } from "@/lib/integrations/jenkins/client";
import { requestPlan } from "@/lib/server/infra/actions";
import { consoleStream } from "@/lib/server/infra/console-stream";
import type { InfraDeps } from "@/lib/server/infra/types";
import { startWorld } from "@/sandbox/world";
import { failed, figure, figureTable, loadLine, printFigures, repeatRuns } from "../lib/figures";
import { machine, percentile, writeSection } from "../lib/results-section";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const FIRST_BYTES_REF_MS = 2000;
const CHUNK_P95_REF_MS = 100;

const url = process.env.DATABASE_URL;
if (!url) throw new Error("DATABASE_URL is unset: run under scripts/test/with-postgres.sh");
const db = new PrismaClient({ adapter: new PrismaPg({ ...pgConfigFromUrl(url), max: 5 }) });
const world = await startWorld({
  services: ["jenkins"],
  jenkinsJobsFile: "bench/infra-console/jobs.yaml",
  jenkinsQuietPeriodMs: 500,
});

const base = createJenkinsClient({
  baseUrl: world.env.JENKINS_URL!,
  user: world.env.JENKINS_USER!,
  token: world.env.JENKINS_TOKEN!,
});
// When each console answer reached the portal, by the offset it ends at (the SSE event's id).
const answeredAt = new Map<number, number>();
const jenkins: JenkinsApi = {
  ...base,
  async getConsole(job, n, start) {
    const c = await base.getConsole(job, n, start);
    if (c.text) answeredAt.set(c.nextStart, performance.now());
    return c;
  },
};
const catalog = loadCatalog("config/catalog.yaml");
const deps: InfraDeps = {
  db,
  jenkins,
  catalog: async () => catalog,
  config: { planJob: "bench-infra-plan", applyJob: "-", planTtlMinutes: 60, lockTtlSeconds: 60, runTimeoutMinutes: 10 },
};
const principal = {
  id: crypto.randomUUID(),
  email: "bench@nura.example",
  name: "Bench",
  grants: [{ role: "admin" as const, environment: null }],
};
const caller = {
  principal,
  actor: { id: principal.id, email: principal.email, role: "admin", ip: null, userAgent: "bench" },
  correlationId: null,
};

let chunks = 0;
// One run = one plan run on Jenkins: its first-bytes time and the p95 of its chunks' added latency.
const { results, loads } = await repeatRuns(RUNS, async (i) => {
  const chunkLatency: number[] = [];
  answeredAt.clear();
  const run = await requestPlan(deps, caller, { environment: "dev" });
  const abort = new AbortController();
  const reader = consoleStream(deps, { runId: run.id, start: 0, signal: abort.signal, tickMs: 250 }).getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let firstWall: number | null = null;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    const readAt = performance.now();
    buffer += decoder.decode(value, { stream: true });
    let end = buffer.indexOf("\n\n");
    let ended = false;
    while (end >= 0) {
      const event = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      end = buffer.indexOf("\n\n");
      const id = /^id: (\d+)$/m.exec(event)?.[1];
      if (/^event: console$/m.test(event) && id) {
        chunks++;
        firstWall ??= Date.now();
        const answered = answeredAt.get(Number(id));
        if (answered !== undefined) chunkLatency.push(readAt - answered);
      }
      if (/^event: end$/m.test(event)) ended = true;
    }
    if (ended) break;
  }
  abort.abort();
  const row = await db.infraRun.findUniqueOrThrow({ where: { id: run.id } });
  if (row.status !== "succeeded") throw new Error(`bench run ${i + 1} ended ${row.status}: ${row.failureReason}`);
  const build = await base.getBuild("bench-infra-plan", row.buildNumber!);
  const ms = firstWall! - Date.parse(build.startedAt);
  chunkLatency.sort((a, b) => a - b);
  if (chunkLatency.length === 0) throw new Error(`bench run ${i + 1}: no console chunk was timed`);
  const chunkP95 = percentile(chunkLatency, 95);
  console.log(
    `run ${i + 1}: build #${build.number}, first console bytes ${ms} ms after the build started; ${chunkLatency.length} chunks, added latency p95 ${chunkP95.toFixed(1)} ms`,
  );
  return { firstBytes: ms, chunkP95, chunks: chunkLatency.length };
});
await world.stop();
await db.$disconnect();

const rows = [
  figure({
    name: "first console bytes after Jenkins starts the build",
    values: results.map((r) => r.firstBytes),
    unit: "ms",
    target: { max: FIRST_BYTES_REF_MS },
  }),
  figure({
    name: `portal's added latency per streamed chunk, p95 of a run (${Math.min(...results.map((r) => r.chunks))}–${Math.max(...results.map((r) => r.chunks))} chunks a run)`,
    values: results.map((r) => r.chunkP95),
    unit: "ms",
    target: { max: CHUNK_P95_REF_MS },
  }),
];
const lines = [
  "## Infra run page: live console (bench/infra-console)",
  "",
  `Measured ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC on ${machine()}; ${loadLine(loads)}.`,
  `${RUNS} plan runs on the sandbox Jenkins (a real process writing 60 lines over ~3 s), real PostgreSQL, the run page's SSE producer; \`nice make bench-infra-console\`. One run = one plan run; min / median / max over the runs, verdict on the median.`,
  "",
  figureTable(rows),
  "",
  "First bytes include the stream's 250 ms console poll, the queue-item → build-number hop, and one run sync (the",
  "run row, the lock heartbeat, wfapi). The per-chunk figure starts when Jenkins' progressiveText answer has reached",
  "the portal and ends when a reader of the stream has read the SSE event for it, in the same process: the",
  "HTTP leg to a browser (Next's response streaming) is not in it; the first-bytes figure is end to end on Jenkins' side.",
  "",
];
printFigures(rows);
console.log(`chunks: ${chunks}`);
writeSection("bench/RESULTS.md", lines[0]!, lines.join("\n"));
if (failed(rows)) process.exitCode = 1;
