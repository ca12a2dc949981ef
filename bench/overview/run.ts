// Overview benchmark (issue 4): the sandbox world with 3 environments × 20 applications and 50 ms
// injected on every upstream call (Argo CD, Kubernetes, EKS/moto, Grafana); the overview served
// over HTTP to 20 concurrent clients — warm (shared SWR cache), cold (cache dropped before every
// request, so each one fans out to every upstream) and the naive sequential reference — plus the
// overview route's first-load JS. Prints each figure with its target and writes the "## Overview"
// section of bench/RESULTS.md.
//   node --conditions=react-server --import tsx bench/overview/run.ts   (make bench-overview)
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { availableParallelism, cpus, loadavg } from "node:os";
import { Worker } from "node:worker_threads";
import { loadCatalog } from "@/lib/catalog";
import { parseEnv } from "@/lib/env";
import { buildIntegrations } from "@/lib/integrations";
import { metrics } from "@/lib/metrics";
import { createOverviewService } from "@/lib/server/overview/service";
import { percentile, writeSection } from "../lib/results-section";
import { firstLoadJs } from "./first-load-js";
import { naiveOverview } from "./naive";
import { startWorldProcess } from "./world-process";

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 20);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 50);
const WARM_REQUESTS = Number(process.env.BENCH_WARM_REQUESTS ?? 2000);
const COLD_ROUNDS = Number(process.env.BENCH_COLD_ROUNDS ?? 20);
const NAIVE_REQUESTS = Number(process.env.BENCH_NAIVE_REQUESTS ?? 40);
const TARGETS = { warmP95: 100, coldP95: 250, speedup: 20, firstLoadKb: 200 };

interface Stats {
  requests: number;
  p50: number;
  p95: number;
  max: number;
  throughput: number;
}

/** Runs the load generator in a worker thread (clients off the server's event loop). */
function load(work: {
  url: string;
  clearUrl?: string;
  mode: "requests" | "rounds";
  total?: number;
  rounds?: number;
  clients: number;
}): Promise<Stats> {
  return new Promise((resolve, reject) => {
    const w = new Worker(new URL("./load-worker.mjs", import.meta.url), { workerData: work });
    w.once("message", (m: { times?: number[]; elapsedMs?: number; error?: string }) => {
      void w.terminate();
      if (m.error || !m.times || m.elapsedMs === undefined) return reject(new Error(m.error ?? "no result"));
      const times = m.times.sort((a, b) => a - b);
      resolve({
        requests: times.length,
        p50: percentile(times, 50),
        p95: percentile(times, 95),
        max: times.at(-1)!,
        throughput: times.length / (m.elapsedMs / 1000),
      });
    });
    w.once("error", reject);
  });
}

const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));
const line = (name: string, s: Stats) =>
  `| ${name} | ${s.requests} | ${fmt(s.p50)} ms | ${fmt(s.p95)} ms | ${fmt(s.max)} ms | ${fmt(s.throughput)} req/s |`;

async function main() {
  console.log(`starting the sandbox world (3 environments × 20 applications)…`);
  const world = await startWorldProcess(17);
  let server: Server | undefined;
  try {
    // The AWS SDK reads credentials from its default chain, as in production.
    for (const k of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"]) process.env[k] = world.env[k];
    const env = parseEnv(world.env);
    const catalog = loadCatalog(world.env.CATALOG_PATH!);
    const integrations = buildIntegrations(env);
    // The naive reference gets a generous timeout: it is slow by construction, not failing.
    const naiveIntegrations = buildIntegrations(parseEnv({ ...world.env, UPSTREAM_TIMEOUT_MS: "60000" }));
    const svc = createOverviewService({
      integrations,
      catalog: async () => catalog,
      pendingPromotions: async () => [],
      commitUrl: () => null,
      pollIntervalMs: env.POLL_INTERVAL_MS,
    });
    server = createServer((req, res) => {
      const run = async () => {
        if (req.url === "/clear") {
          svc.clear();
          res.writeHead(204).end();
          return;
        }
        const json =
          req.url === "/naive"
            ? JSON.stringify(await naiveOverview(naiveIntegrations, catalog))
            : (await svc.getJson()).json;
        res.writeHead(200, { "content-type": "application/json" }).end(json);
      };
      run().catch((err: Error) => res.writeHead(500).end(err.message));
    });
    await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    // Sanity: every source answers and the overview is complete before measuring.
    const first = await svc.get();
    const notOk = first.sources.filter((s) => s.state !== "ok");
    if (notOk.length)
      throw new Error(`sources not ok before the run: ${notOk.map((s) => `${s.id}: ${s.error}`).join("; ")}`);
    const cells = first.applications.length * first.environments.length;
    console.log(
      `overview: ${first.environments.length} environments × ${first.applications.length} applications = ${cells} cells`,
    );

    for (const target of ["argocd", "kubernetes", "moto", "grafana"])
      await world.setFault(target, { latencyMs: LATENCY_MS });
    console.log(`injected ${LATENCY_MS} ms on argocd, kubernetes, moto (EKS), grafana; ${CLIENTS} concurrent clients`);

    const overview = `${base}/api/overview`;
    const loadAtStart = loadavg()[0]!.toFixed(1);
    await load({ url: overview, mode: "requests", total: 100, clients: CLIENTS }); // JIT warm-up
    const warm = await load({ url: overview, mode: "requests", total: WARM_REQUESTS, clients: CLIENTS });
    console.log(line("warm", warm));
    metrics.upstreamDuration.reset();
    const cold = await load({
      url: overview,
      clearUrl: `${base}/clear`,
      mode: "rounds",
      rounds: COLD_ROUNDS,
      clients: CLIENTS,
    });
    console.log(line("cold", cold));
    const upstream = await upstreamSummary();
    console.log(`upstream calls during the cold run (mean latency): ${upstream}`);
    const naive = await load({ url: `${base}/naive`, mode: "requests", total: NAIVE_REQUESTS, clients: CLIENTS });
    console.log(line("naive", naive));

    let js: ReturnType<typeof firstLoadJs> | undefined;
    try {
      js = firstLoadJs();
    } catch (err) {
      console.log(`first-load JS: ${(err as Error).message}`);
    }
    const kb = js ? js.totalGzipBytes / 1024 : Number.NaN;

    const rows: [string, string, string, boolean][] = [
      ["warm p95", `${fmt(warm.p95)} ms`, `≤ ${TARGETS.warmP95} ms`, warm.p95 <= TARGETS.warmP95],
      ["cold p95", `${fmt(cold.p95)} ms`, `≤ ${TARGETS.coldP95} ms`, cold.p95 <= TARGETS.coldP95],
      [
        "warm throughput vs naive",
        `${fmt(warm.throughput / naive.throughput)}×`,
        `≥ ${TARGETS.speedup}×`,
        warm.throughput / naive.throughput >= TARGETS.speedup,
      ],
      [
        "cold throughput vs naive",
        `${fmt(cold.throughput / naive.throughput)}×`,
        `≥ ${TARGETS.speedup}×`,
        cold.throughput / naive.throughput >= TARGETS.speedup,
      ],
      [
        "warm p95 vs naive p95",
        `${fmt(naive.p95 / warm.p95)}×`,
        `≥ ${TARGETS.speedup}×`,
        naive.p95 / warm.p95 >= TARGETS.speedup,
      ],
      [
        "overview first-load JS (gzip)",
        js ? `${kb.toFixed(1)} KB` : "not built",
        `≤ ${TARGETS.firstLoadKb} KB`,
        kb <= TARGETS.firstLoadKb,
      ],
    ];
    console.log("");
    for (const [name, value, target, pass] of rows)
      console.log(`${pass ? "PASS" : "MISS"}  ${name.padEnd(32)} ${value.padStart(10)}   target ${target}`);

    const cpu = cpus()[0]?.model ?? "unknown CPU";
    const section = [
      "## Overview",
      "",
      "Command: `make bench-overview` (= `node --conditions=react-server --import tsx bench/overview/run.ts` after `next build`).",
      `Setup: sandbox world, ${first.environments.length} environments × ${first.applications.length} applications (SANDBOX_EXTRA_APPS=17), ${LATENCY_MS} ms injected on every call to Argo CD, Kubernetes, EKS (moto) and Grafana; the overview service behind a plain node:http server (JSON as /api/overview sends it), ${CLIENTS} concurrent clients; ${new Date().toISOString().slice(0, 16)} UTC on ${availableParallelism()} × ${cpu} shared with other work (1-min load average ${loadAtStart} at the start of the run).`,
      `Warm: ${WARM_REQUESTS} requests through the shared SWR cache (TTL = POLL_INTERVAL_MS, ${env.POLL_INTERVAL_MS} ms, so upstream refreshes happen during the run). Cold: ${COLD_ROUNDS} rounds of "drop the cache, then ${CLIENTS} clients request at once" — each round pays one parallel fan-out to every upstream (1 Argo CD list, 2 Kubernetes lists and 4 EKS calls per environment, 1 Grafana query), shared by the ${CLIENTS} concurrent requests. Naive: the same overview read sequentially, one Argo CD application at a time, no cache. The sandbox world runs in its own process (as in \`make demo\`); the clients run in a worker thread of the measured process.`,
      "",
      "| run | requests | p50 | p95 | max | throughput |",
      "|---|---|---|---|---|---|",
      line("warm", warm),
      line("cold", cold),
      line("naive sequential", naive),
      "",
      `Upstream calls during the cold run (count × mean latency, 50 ms of it injected): ${upstream}.`,
      "",
      "| figure | value | target | |",
      "|---|---|---|---|",
      ...rows.map(([n, v, t, p]) => `| ${n} | ${v} | ${t} | ${p ? "met" : "missed"} |`),
      "",
      js
        ? `First-load JS files: ${js.files.map((f) => `${f.file} ${(f.gzipBytes / 1024).toFixed(1)} KB`).join(", ")}. Recharts loads after first paint (next/dynamic), so it is not in these files.`
        : "",
      "",
    ].join("\n");
    writeSection("bench/RESULTS.md", "## Overview", section);
    console.log('\nwrote the "## Overview" section of bench/RESULTS.md');
  } finally {
    server?.close();
    await world.stop();
  }
}

/** "eks/describeNodegroup 120 × 63 ms, …" from the upstream latency histogram. */
async function upstreamSummary(): Promise<string> {
  const data = await metrics.upstreamDuration.get();
  const agg = new Map<string, { sum: number; count: number }>();
  for (const v of data.values) {
    const key = `${v.labels.system}/${v.labels.operation}`;
    const a = agg.get(key) ?? { sum: 0, count: 0 };
    if (v.metricName?.endsWith("_sum")) a.sum += v.value;
    if (v.metricName?.endsWith("_count")) a.count += v.value;
    agg.set(key, a);
  }
  return [...agg]
    .filter(([, a]) => a.count > 0)
    .map(([k, a]) => `${k} ${a.count} × ${((a.sum / a.count) * 1000).toFixed(0)} ms`)
    .join(", ");
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
