// Request page benchmark (issue 10): /promotions/new?app=nura-core&to=<env> — diff, GitOps commits,
// source health and metrics — opened in Chromium against a portal on the sandbox world, signed in.
// Warm: the page was opened once before (the server's short caches hold the upstream reads). Each
// run opens it BENCH_NAVIGATIONS times; first paint = the navigation's first-contentful-paint.
// Prints min / median / max over BENCH_RUNS runs of each run's p95, the machine load, the target,
// and writes the "## Promotion request page" section of bench/RESULTS.md.
//   scripts/test/e2e.sh with E2E_WITH_WORLD=1 E2E_RUNNER="tsx bench/promotions/request-page.ts"
//   (make bench-promotions)
import { cpus, loadavg } from "node:os";
import { chromium } from "@playwright/test";
import { percentile, writeSection } from "../lib/results-section";

const BASE = process.env.E2E_BASE_URL ?? "http://localhost:3000";
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const NAVIGATIONS = Number(process.env.BENCH_NAVIGATIONS ?? 20);
const TARGET_MS = 300;
const PAGES = [
  { name: "nura-core dev → staging", path: "/promotions/new?app=nura-core&to=staging" },
  { name: "nura-core staging → prod", path: "/promotions/new?app=nura-core&to=prod" },
];

// Runs in the page. A string, not a function: tsx's transform would add helpers the page lacks.
// The paint entry may land after "load": observe it (buffered), give up after 5 s.
const PAINT_TIMING = `new Promise((resolve) => {
  const nav = performance.getEntriesByType("navigation")[0];
  const done = (fcp) => resolve({ fcp, ttfb: nav.responseStart - nav.startTime });
  new PerformanceObserver((list) => {
    const e = list.getEntriesByName("first-contentful-paint")[0];
    if (e) done(e.startTime);
  }).observe({ type: "paint", buffered: true });
  setTimeout(() => done(null), 5000);
})`;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));

async function main() {
  const loadStart = loadavg()[0]!;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"],
  });
  const results: { name: string; p95s: number[]; ttfbP95s: number[]; checked: string }[] = [];
  try {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${BASE}/login?callbackUrl=%2F`);
    await page.getByLabel("Email").fill("developer@nura.local");
    await page.getByLabel("Password").fill("nura-sandbox");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL((u) => !u.pathname.startsWith("/login"));
    for (const target of PAGES) {
      // Warm-up: the first open fills the server's caches (Argo CD, Grafana, git).
      await page.goto(BASE + target.path);
      const checked =
        (await page.getByTestId("diff").count()) > 0 ? "diff + commits + health" : "health only (no diff)";
      const p95s: number[] = [];
      const ttfbP95s: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        const fcp: number[] = [];
        const ttfb: number[] = [];
        for (let n = 0; n < NAVIGATIONS; n++) {
          await page.goto(BASE + target.path, { waitUntil: "load" });
          const t = (await page.evaluate(PAINT_TIMING)) as { fcp: number | null; ttfb: number };
          if (t.fcp === null) throw new Error(`${target.path}: no first-contentful-paint entry`);
          fcp.push(t.fcp);
          ttfb.push(t.ttfb);
        }
        fcp.sort((a, b) => a - b);
        ttfb.sort((a, b) => a - b);
        p95s.push(percentile(fcp, 95));
        ttfbP95s.push(percentile(ttfb, 95));
        console.log(
          `${target.name} run ${run + 1}: first paint p95 ${fmt(percentile(fcp, 95))} ms, TTFB p95 ${fmt(percentile(ttfb, 95))} ms`,
        );
      }
      results.push({ name: target.name, p95s, ttfbP95s, checked });
    }
  } finally {
    await browser.close();
  }
  const loadEnd = loadavg()[0]!;
  const rows = results.map((r) => {
    const med = median(r.p95s);
    return `| ${med <= TARGET_MS ? "PASS" : "FAIL"} | ${r.name} (${r.checked}) | ${fmt(Math.min(...r.p95s))} / ${fmt(med)} / ${fmt(Math.max(...r.p95s))} ms | ${fmt(median(r.ttfbP95s))} ms | ≤ ${TARGET_MS} ms |`;
  });
  const section = `## Promotion request page

Command: \`make bench-promotions\` (= \`E2E_WITH_WORLD=1 E2E_RUNNER="tsx bench/promotions/request-page.ts" scripts/test/e2e.sh\`: production build, sandbox world on ephemeral ports, embedded PGlite).
Run: ${new Date().toISOString()} on ${cpus().length} cores; 1-min load average ${loadStart.toFixed(1)} at the start and ${loadEnd.toFixed(1)} at the end (the machine is shared, figures include that contention).
Method: Chromium (Debian), signed in as developer; each page opened once to warm the server's caches, then ${RUNS} runs × ${NAVIGATIONS} navigations; first paint = first-contentful-paint of each navigation. The figure is each run's p95, as min / median / max over the ${RUNS} runs.

| | page | first paint p95 (min / median / max) | TTFB p95 (median) | target |
|---|---|---|---|---|
${rows.join("\n")}
`;
  console.log(`\n${section}`);
  writeSection("bench/RESULTS.md", "## Promotion request page", section);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
