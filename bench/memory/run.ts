// Portal memory (issue 12, item 15): the RSS of `next start` (next-server) after 10,000 mixed
// requests from signed-in users — the overview page and its API, application pages, audit pages
// and the audit API, CSV/NDJSON exports — on the sandbox world. The target is ≤ 300 MB RSS.
// RSS is read from /proc/<pid>/status of the process listening on the portal's port; what holds it
// comes from the server itself (usage-probe.cjs, preloaded: process.memoryUsage() and V8's heap
// spaces before and after a full GC). 5 runs of 2,000 requests each (10,000 in all): each run's
// figure is the RSS at its end, so a steady climb shows as a rising min → max, a leak.
//   BENCH_MEMORY_DIR=$(mktemp -d) NODE_OPTIONS="--require $PWD/bench/memory/usage-probe.cjs" \
//     E2E_WITH_WORLD=1 E2E_RUNNER="tsx bench/memory/run.ts" nice scripts/test/e2e.sh
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { parseCatalog } from "@/lib/catalog";
import { launchChromium, signIn } from "../lib/chromium";
import { figure, figureTable, loadLine, printFigures, repeatRuns } from "../lib/figures";
import { machine, writeSection } from "../lib/results-section";

const BASE = process.env.E2E_BASE_URL ?? "http://localhost:3000";
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const PER_RUN = Number(process.env.BENCH_REQUESTS ?? 2000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8);
const TARGET_MB = 300;
const probeDir = process.env.BENCH_MEMORY_DIR;

/** The pid listening on the portal's port (next start's own process: `next-server`). */
function serverPid(): number {
  const port = new URL(BASE).port;
  const out = execFileSync("ss", ["-ltnpH", `sport = :${port}`], { encoding: "utf8" });
  const pid = /pid=(\d+)/.exec(out)?.[1];
  if (!pid) throw new Error(`no process listens on port ${port}: ${out}`);
  return Number(pid);
}

const kb = (status: string, key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN);
function rss(pid: number) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return {
    rssMb: kb(status, "VmRSS") / 1024,
    anonMb: kb(status, "RssAnon") / 1024,
    fileMb: kb(status, "RssFile") / 1024,
    hwmMb: kb(status, "VmHWM") / 1024,
  };
}

interface Usage {
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  spaces: Record<string, number>;
}
/** Asks the server for its own breakdown (SIGUSR2 → usage-probe.cjs writes <pid>.json). */
async function serverUsage(pid: number): Promise<{ before: Usage; after: Usage } | null> {
  if (!probeDir) return null;
  const file = join(probeDir, `${pid}.json`);
  rmSync(file, { force: true });
  process.kill(pid, "SIGUSR2");
  for (let i = 0; i < 100 && !existsSync(file); i++) await new Promise((r) => setTimeout(r, 100));
  if (!existsSync(file)) throw new Error("the server wrote no memory report: is usage-probe.cjs preloaded?");
  return JSON.parse(readFileSync(file, "utf8"));
}

/** The request mix: weights in tenths, paths drawn from the catalog. */
function mix(apps: string[], envs: string[]) {
  const pick = <T>(xs: readonly T[], n: number) => xs[n % xs.length]!;
  // Weights: pages cost a server render each (≈ 0.5–2 s on the loaded machine), the APIs they call
  // are cheap, so pages are a quarter of the mix and their APIs the rest — enough of each kind to
  // show what it retains, and 10,000 requests within a session's time.
  const kinds: [string, number, (n: number) => string][] = [
    ["overview page", 0.8, () => "/"],
    ["overview API", 2, () => "/api/overview"],
    ["application page", 0.9, (n) => `/applications/${pick(apps, n)}/${pick(envs, Math.floor(n / apps.length))}`],
    ["application API", 2, (n) => `/api/applications/${pick(apps, n)}/${pick(envs, Math.floor(n / apps.length))}`],
    ["audit page", 0.6, (n) => `/audit?environment=${pick(envs, n)}`],
    ["audit API", 2.2, (n) => `/api/audit?limit=50&environment=${pick(envs, n)}`],
    ["audit export", 1.5, (n) => `/api/audit/export?format=${n % 2 ? "csv" : "ndjson"}&environment=${pick(envs, n)}`],
  ];
  const total = kinds.reduce((s, k) => s + k[1], 0);
  return (n: number) => {
    let x = ((n * 7919) % 1000) / 1000; // a fixed, evenly spread sequence: every run sends the same mix
    for (const [name, w, path] of kinds) {
      x -= w / total;
      if (x < 0) return { name, path: path(n) };
    }
    return { name: kinds[0]![0], path: kinds[0]![2](n) };
  };
}

async function signedInCookie(): Promise<string> {
  const browser = await launchChromium();
  try {
    const context = await browser.newContext();
    // Admin: every page, and the audit log with its export.
    await signIn(context, BASE, "admin@nura.local");
    return (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  } finally {
    await browser.close();
  }
}

async function main() {
  const catalog = parseCatalog(readFileSync(process.env.CATALOG_PATH ?? "config/catalog.yaml", "utf8"));
  const next = mix(
    catalog.applications.map((a) => a.name),
    catalog.environments.map((e) => e.name),
  );
  const cookie = await signedInCookie();
  const pid = serverPid();
  const counts = new Map<string, { n: number; bytes: number; ms: number }>();
  let sent = 0;
  const request = async () => {
    const { name, path } = next(sent++);
    const t = performance.now();
    const res = await fetch(BASE + path, { headers: { cookie }, redirect: "manual" });
    const body = await res.arrayBuffer();
    if (res.status !== 200)
      throw new Error(`${path}: HTTP ${res.status} ${Buffer.from(body).toString().slice(0, 200)}`);
    const c = counts.get(name) ?? { n: 0, bytes: 0, ms: 0 };
    counts.set(name, { n: c.n + 1, bytes: c.bytes + body.byteLength, ms: c.ms + performance.now() - t });
  };
  // Warm-up: one of each kind, so every route is compiled/loaded before the first reading.
  for (let i = 0; i < 40; i++) await request();
  const start = rss(pid);
  const startUsage = await serverUsage(pid);
  console.log(`next-server pid ${pid}: RSS ${start.rssMb.toFixed(0)} MB after the warm-up (${sent} requests)`);

  const readings: ReturnType<typeof rss>[] = [];
  const { loads } = await repeatRuns(RUNS, async (run) => {
    let left = PER_RUN;
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (left > 0) {
          left--;
          await request();
        }
      }),
    );
    const r = rss(pid);
    readings.push(r);
    console.log(
      `run ${run + 1}/${RUNS}: ${sent} requests; RSS ${r.rssMb.toFixed(0)} MB (anon ${r.anonMb.toFixed(0)}, file ${r.fileMb.toFixed(0)}), peak ${r.hwmMb.toFixed(0)} MB`,
    );
  });
  const endUsage = await serverUsage(pid);
  const afterGc = rss(pid);

  const final = readings.at(-1)!;
  // The runs are one process's readings as its requests add up, not repetitions of one measurement:
  // what it holds after all of them is the last reading, so that is what the target judges (the
  // median of growing readings would pass a server that ends above the target).
  const verdict = `${final.rssMb <= TARGET_MB ? "PASS" : "FAIL"}: next-server RSS after all ${sent} requests ${final.rssMb.toFixed(0)} MB, target ≤ ${TARGET_MB} MB (one process, so its last reading, not a median)`;
  if (final.rssMb > TARGET_MB) process.exitCode = 1;
  const rows = [
    figure({
      name: `next-server RSS at the end of each run (${PER_RUN} requests a run, ${CLIENTS} clients)`,
      values: readings.map((r) => r.rssMb),
      unit: "MB",
      reference: "cumulative: one process's readings as the requests add up",
    }),
    figure({ name: "of which anonymous (heap, buffers)", values: readings.map((r) => r.anonMb), unit: "MB" }),
    figure({ name: "of which file-backed (code, mapped files)", values: readings.map((r) => r.fileMb), unit: "MB" }),
  ];
  console.log("");
  printFigures(rows);
  console.log(verdict);
  const mb = (b: number) => `${(b / 1048576).toFixed(0)} MB`;
  const usageLines = (label: string, u: { before: Usage; after: Usage } | null) =>
    u
      ? [
          `| ${label}, before GC | ${mb(u.before.rss)} | ${mb(u.before.heapTotal)} | ${mb(u.before.heapUsed)} | ${mb(u.before.external)} | ${mb(u.before.arrayBuffers)} |`,
          `| ${label}, after a full GC | ${mb(u.after.rss)} | ${mb(u.after.heapTotal)} | ${mb(u.after.heapUsed)} | ${mb(u.after.external)} | ${mb(u.after.arrayBuffers)} |`,
        ]
      : [];
  const spaces = endUsage
    ? Object.entries(endUsage.after.spaces)
        .filter(([, v]) => v > 1048576)
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => `${k} ${mb(v)}`)
        .join(", ")
    : "";
  const mixLine = [...counts]
    .map(([k, c]) => `${k} ${c.n} (mean ${(c.ms / c.n).toFixed(0)} ms, ${(c.bytes / c.n / 1024).toFixed(0)} KB)`)
    .join(", ");
  console.log(`mix: ${mixLine}`);
  // The demo's embedded PGlite lives inside next-server; on PostgreSQL (E2E_DATABASE=postgres) it does not.
  const onPostgres = Boolean(process.env.DATABASE_URL);
  const heading = onPostgres ? "## Portal memory on PostgreSQL (bench/memory)" : "## Portal memory (bench/memory)";
  const section = `${heading}

Command: \`${onPostgres ? "E2E_DATABASE=postgres " : ""}${PER_RUN === 2000 ? "" : `BENCH_REQUESTS=${PER_RUN} `}BENCH_MEMORY_DIR=$(mktemp -d) NODE_OPTIONS="--require $PWD/bench/memory/usage-probe.cjs" E2E_WITH_WORLD=1 E2E_RUNNER="tsx bench/memory/run.ts" nice scripts/test/e2e.sh\` after \`next build\` (production build, sandbox world on ephemeral ports, ${onPostgres ? "a throwaway PostgreSQL 15" : "embedded PGlite inside next-server, as in `make demo`"}).
Run: ${new Date().toISOString().slice(0, 16)} UTC on ${machine()}; ${loadLine(loads)}.
Method: signed in as admin (every page, the audit log and its export), ${sent} requests in all: 40 warm-up, then ${RUNS} runs × ${PER_RUN} from ${CLIENTS} concurrent clients, the same mix every run: ${mixLine}. RSS of the \`next start\` process (pid of the listener, /proc/<pid>/status) at the end of each run; RSS ${start.rssMb.toFixed(0)} MB after the warm-up, ${final.rssMb.toFixed(0)} MB after ${sent} requests (peak ${final.hwmMb.toFixed(0)} MB), ${afterGc.rssMb.toFixed(0)} MB after the server's full GC.

${figureTable(rows)}

**${verdict}**

What holds it (the server's own process.memoryUsage(), usage-probe.cjs):

| when | rss | V8 heap total | V8 heap used | external | array buffers |
|---|---|---|---|---|---|
${[...usageLines("after the warm-up", startUsage), ...usageLines(`after ${sent} requests`, endUsage)].join("\n")}

V8 heap spaces after the GC: ${spaces || "(no probe)"}.
`;
  console.log(`\n${section}`);
  writeSection("bench/RESULTS.md", heading, section);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
