// Overview benchmark (issues 4, 12, 13): the sandbox world with 3 environments × 20 applications and
// 50 ms injected on every upstream call (Argo CD, Kubernetes, EKS/moto, Grafana); the overview served
// over HTTP. Each figure is 5 runs (bench/lib/figures): warm (shared SWR cache, 20 concurrent
// clients), cold (cache dropped, then 20 clients at once), and three references measured in the
// same run, one client each: the Backstage Argo CD plugin's per-entity pattern (backstage-pattern.ts),
// the naive sequential read (naive.ts), and the physical limit (one round trip to the slowest
// upstream). Plus the overview route's first-load JS from the build manifest (what Chromium really
// transfers is bench/overview/transfer.ts). Prints each figure beside its reference and writes the
// "## Overview" section of bench/RESULTS.md.
//   nice node --conditions=react-server --import tsx bench/overview/run.ts   (make bench-overview)
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Worker } from "node:worker_threads";
import { loadCatalog } from "@/lib/catalog";
import { parseEnv } from "@/lib/env";
import { buildIntegrations } from "@/lib/integrations";
import { metrics } from "@/lib/metrics";
import { createOverviewService } from "@/lib/server/overview/service";
import { type FigureRow, figure, figureTable, loadLine, printFigures, repeatRuns } from "../lib/figures";
import { machine, percentile, writeSection } from "../lib/results-section";
import { BROWSER_CONNECTIONS_PER_HOST, backstagePatternOverview, slowestRoundTrip } from "./backstage-pattern";
import { firstLoadJs } from "./first-load-js";
import { naiveOverview } from "./naive";
import { startWorldProcess } from "./world-process";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 20);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 50);
const WARM_REQUESTS = Number(process.env.BENCH_WARM_REQUESTS ?? 400);
const COLD_ROUNDS = Number(process.env.BENCH_COLD_ROUNDS ?? 4);
const BASELINE_REQUESTS = Number(process.env.BENCH_BASELINE_REQUESTS ?? 4);
const NAIVE_REQUESTS = Number(process.env.BENCH_NAIVE_REQUESTS ?? 2);
const LIMIT_SAMPLES = Number(process.env.BENCH_LIMIT_SAMPLES ?? 40);
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
const line = (name: string, s: Stats) => `${name} p95 ${fmt(s.p95)} ms (${s.requests});`;

interface RunStats {
  warm: Stats;
  cold: Stats;
  backstage: Stats;
  naive: Stats;
  limitP50: number;
  limitP95: number;
}

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
    // The references get a generous timeout: they are slow by construction, not failing.
    const slowIntegrations = buildIntegrations(parseEnv({ ...world.env, UPSTREAM_TIMEOUT_MS: "60000" }));
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
            ? JSON.stringify(await naiveOverview(slowIntegrations, catalog))
            : req.url === "/backstage"
              ? JSON.stringify(await backstagePatternOverview(slowIntegrations, catalog))
              : (await svc.getJson()).json;
        res.writeHead(200, { "content-type": "application/json" }).end(json);
      };
      run().catch((err: Error) => res.writeHead(500).end(err.message));
    });
    await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    // Sanity: every source answers and the overview is complete before measuring. The world writes
    // portal.env before moto has every cluster and while a loaded machine is slow: wait for it.
    let first = await svc.get();
    for (let deadline = Date.now() + 120_000; ; ) {
      const notOk = first.sources.filter((s) => s.state !== "ok");
      if (!notOk.length) break;
      const why = notOk.map((s) => `${s.id}: ${s.error}`).join("; ");
      if (Date.now() > deadline) throw new Error(`sources not ok before the run: ${why}`);
      console.log(`waiting for the world: ${why}`);
      await new Promise((r) => setTimeout(r, 3000));
      svc.clear();
      first = await svc.get();
    }
    const cells = first.applications.length * first.environments.length;
    console.log(
      `overview: ${first.environments.length} environments × ${first.applications.length} applications = ${cells} cells`,
    );
    // The references must build the same overview (same cells, same states) or they prove nothing.
    const ref = await backstagePatternOverview(slowIntegrations, catalog);
    if (ref.applications.length * ref.environments.length !== cells)
      throw new Error("the Backstage-pattern overview has a different shape than the service's");

    const kubeServer = /server:\s*"?([^"\s]+)/.exec(readFileSync(world.env.KUBECONFIG!, "utf8"))?.[1];
    const upstreamUrls = [world.env.ARGOCD_URL!, kubeServer!, world.env.AWS_ENDPOINT_URL_EKS!, world.env.GRAFANA_URL!];
    if (upstreamUrls.some((u) => !u)) throw new Error(`an upstream URL is missing: ${upstreamUrls.join(", ")}`);

    for (const target of ["argocd", "kubernetes", "moto", "grafana"])
      await world.setFault(target, { latencyMs: LATENCY_MS });
    console.log(`injected ${LATENCY_MS} ms on argocd, kubernetes, moto (EKS), grafana`);

    const overview = `${base}/api/overview`;
    await load({ url: overview, mode: "requests", total: 100, clients: CLIENTS }); // JIT warm-up
    const upstream: string[] = [];
    const { results, loads } = await repeatRuns(RUNS, async (run): Promise<RunStats> => {
      const warm = await load({ url: overview, mode: "requests", total: WARM_REQUESTS, clients: CLIENTS });
      metrics.upstreamDuration.reset();
      const cold = await load({
        url: overview,
        clearUrl: `${base}/clear`,
        mode: "rounds",
        rounds: COLD_ROUNDS,
        clients: CLIENTS,
      });
      if (run === 0) upstream.push(await upstreamSummary());
      const backstage = await load({
        url: `${base}/backstage`,
        mode: "requests",
        total: BASELINE_REQUESTS,
        clients: 1,
      });
      const naive = await load({ url: `${base}/naive`, mode: "requests", total: NAIVE_REQUESTS, clients: 1 });
      const limit: number[] = [];
      for (let n = 0; n < LIMIT_SAMPLES; n++) limit.push(await slowestRoundTrip(upstreamUrls));
      limit.sort((a, b) => a - b);
      const r = { warm, cold, backstage, naive, limitP50: percentile(limit, 50), limitP95: percentile(limit, 95) };
      console.log(
        `run ${run + 1}/${RUNS}: ${line("warm", warm)} ${line("cold", cold)} ${line("backstage", backstage)} ${line("naive", naive)} | limit p95 ${fmt(r.limitP95)} ms`,
      );
      return r;
    });
    console.log(`upstream calls during the first cold run (mean latency): ${upstream[0]}`);

    let js: ReturnType<typeof firstLoadJs> | undefined;
    try {
      js = firstLoadJs();
    } catch (err) {
      console.log(`first-load JS: ${(err as Error).message}`);
    }

    const col = (f: (r: RunStats) => number) => results.map(f);
    const rows: FigureRow[] = [
      figure({
        name: `warm p95 (${CLIENTS} concurrent clients, ${WARM_REQUESTS} requests a run)`,
        values: col((r) => r.warm.p95),
        unit: "ms",
        target: { max: TARGETS.warmP95 },
      }),
      figure({
        name: `cold p95 (${COLD_ROUNDS} rounds a run: drop the cache, ${CLIENTS} clients at once)`,
        values: col((r) => r.cold.p95),
        unit: "ms",
        target: { max: TARGETS.coldP95 },
      }),
      figure({
        name: `physical limit p95: one round trip to the slowest upstream (${LIMIT_SAMPLES} samples a run)`,
        values: col((r) => r.limitP95),
        unit: "ms",
        reference: "the floor of any cold read",
      }),
      figure({
        name: "cold p95 ÷ physical limit p95",
        values: col((r) => r.cold.p95 / r.limitP95),
        unit: "×",
        reference: "how far the cold fan-out is from one round trip",
      }),
      figure({
        name: `Backstage Argo CD plugin pattern p95 (1 client; 60 GET application, ${BROWSER_CONNECTIONS_PER_HOST} at a time; ${BASELINE_REQUESTS} a run)`,
        values: col((r) => r.backstage.p95),
        unit: "ms",
        reference: "what a user would run instead",
      }),
      figure({
        name: `naive sequential p95 (1 client, no cache; ${NAIVE_REQUESTS} a run)`,
        values: col((r) => r.naive.p95),
        unit: "ms",
        reference: "a first implementation",
      }),
      figure({
        name: "Backstage pattern p95 ÷ cold p95",
        values: col((r) => r.backstage.p95 / r.cold.p95),
        unit: "×",
        reference: "info (cold serves 20 clients at once, the pattern 1)",
      }),
      figure({
        name: "Backstage pattern p95 ÷ warm p95",
        values: col((r) => r.backstage.p95 / r.warm.p95),
        unit: "×",
        reference: "info",
      }),
      figure({
        name: "naive p95 ÷ warm p95",
        values: col((r) => r.naive.p95 / r.warm.p95),
        unit: "×",
        target: { min: TARGETS.speedup },
      }),
      figure({
        name: "naive p95 ÷ cold p95",
        values: col((r) => r.naive.p95 / r.cold.p95),
        unit: "×",
        target: { min: TARGETS.speedup },
      }),
      figure({
        name: `warm throughput (${CLIENTS} clients)`,
        values: col((r) => r.warm.throughput),
        unit: "req/s",
      }),
      figure({
        name: `cold throughput (${CLIENTS} clients)`,
        values: col((r) => r.cold.throughput),
        unit: "req/s",
      }),
    ];
    console.log("");
    printFigures(rows);
    const kb = js ? js.totalGzipBytes / 1024 : Number.NaN;
    const jsLine = js
      ? `${kb <= TARGETS.firstLoadKb ? "PASS" : "FAIL"}: overview first-load JS summed from the build manifest (gzip): ${kb.toFixed(1)} KB, target ≤ ${TARGETS.firstLoadKb} KB (a property of the build, the same on every run: measured once). What Chromium actually transfers: see "Overview: what Chromium transfers".`
      : "First-load JS: not built (run `next build` first).";
    console.log(jsLine);

    const perRun = results.map(
      (r, i) =>
        `| ${i + 1} | ${fmt(r.warm.p50)} / ${fmt(r.warm.p95)} ms | ${fmt(r.cold.p50)} / ${fmt(r.cold.p95)} ms | ${fmt(r.limitP50)} / ${fmt(r.limitP95)} ms | ${fmt(r.backstage.p50)} / ${fmt(r.backstage.p95)} ms | ${fmt(r.naive.p50)} / ${fmt(r.naive.p95)} ms | ${loads[i + 1]!.toFixed(1)} |`,
    );
    const section = [
      "## Overview",
      "",
      "Command: `nice make bench-overview` (= `node --conditions=react-server --import tsx bench/overview/run.ts` after `next build`).",
      `Setup: sandbox world, ${first.environments.length} environments × ${first.applications.length} applications (SANDBOX_EXTRA_APPS=17), ${LATENCY_MS} ms injected on every call to Argo CD, Kubernetes, EKS (moto) and Grafana; the overview service behind a plain node:http server (JSON as /api/overview sends it); ${new Date().toISOString().slice(0, 16)} UTC on ${machine()}; ${loadLine(loads)}. The sandbox world runs in its own process (as in \`make demo\`); the clients run in a worker thread of the measured process.`,
      `${RUNS} runs; each run measures every row below in turn, so each figure and its references share the run's load. Warm: ${WARM_REQUESTS} requests from ${CLIENTS} concurrent clients through the shared SWR cache (TTL = POLL_INTERVAL_MS, ${env.POLL_INTERVAL_MS} ms, so upstream refreshes happen during the run). Cold: ${COLD_ROUNDS} rounds of "drop the cache, then ${CLIENTS} clients request at once" — each round pays one parallel fan-out to every upstream (1 Argo CD list, 2 Kubernetes lists and 4 EKS calls per environment, 1 Grafana query), shared by the ${CLIENTS} concurrent requests.`,
      `References, one client each, no cache: **Backstage Argo CD plugin pattern** — Roadie's @roadiehq/backstage-plugin-argo-cd 2.12.5 (RoadieHQ/roadie-backstage-plugins ce2ebac): its overview card (ArgoCDDetailsCard → useAppDetails → getAppDetails) makes, per entity annotated \`argocd/app-name\` and with no appLocatorMethods, exactly one \`GET /api/v1/applications/<name>\` through Backstage's proxy (the history card adds one \`GET …/revisions/<rev>/metadata\` per history row, not counted); 60 entities (20 applications × 3 environments) = 60 GETs, ${BROWSER_CONNECTIONS_PER_HOST} in flight (Chromium's per-host connection limit); the plugin covers Argo CD only, so Kubernetes, EKS and Grafana are read once in parallel as the service reads them. **Naive sequential**: one Argo CD application at a time, then each environment's Kubernetes and EKS, then Grafana. **Physical limit**: one HTTP round trip to each of the four upstreams at once, the slowest of them (the injected ${LATENCY_MS} ms applies to every request): no cold read can be faster.`,
      "",
      figureTable(rows),
      "",
      jsLine,
      "",
      "Per run (p50 / p95):",
      "",
      "| run | warm | cold | physical limit | Backstage pattern | naive | load after |",
      "|---|---|---|---|---|---|---|",
      ...perRun,
      "",
      `Upstream calls during the first cold run (count × mean latency, ${LATENCY_MS} ms of it injected): ${upstream[0]}.`,
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
