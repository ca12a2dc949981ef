// What Chromium actually transfers for the overview (issue 12, item 14), beside the first-load JS
// summed from the build manifest (first-load-js.ts). A real Chromium against `next start` on the
// sandbox world, signed in; each run opens "/" in a fresh browser context (empty HTTP cache, as a
// first visit), waits for the network to go idle, and reads the Performance API: the navigation
// entry and every resource entry's transferSize (bytes on the wire: headers + the encoded body)
// and encodedBodySize (the body as sent, gzip/br). JS is split into what was fetched before the
// load event (first load) and what came after (lazy chunks such as Recharts, awaited until a chart
// is drawn). 5 runs.
//   E2E_WITH_WORLD=1 E2E_RUNNER="tsx bench/overview/transfer.ts" nice scripts/test/e2e.sh
import { launchChromium, signIn } from "../lib/chromium";
import { figure, figureTable, loadLine, printFigures, repeatRuns } from "../lib/figures";
import { machine, writeSection } from "../lib/results-section";
import { firstLoadJs } from "./first-load-js";

const BASE = process.env.E2E_BASE_URL ?? "http://localhost:3000";
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const TARGET_KB = 200;

interface Sample {
  jsFirstTransfer: number;
  jsFirstEncoded: number;
  jsFirstCount: number;
  jsLateTransfer: number;
  jsLateCount: number;
  documentTransfer: number;
  cssTransfer: number;
  otherTransfer: number;
  totalTransfer: number;
  totalEncoded: number;
  resources: number;
}

// Runs in the page: a string, not a function, so tsx's transform adds nothing the page lacks.
const READ_ENTRIES = `(() => {
  const nav = performance.getEntriesByType("navigation")[0];
  const res = performance.getEntriesByType("resource");
  return {
    loadEventEnd: nav.loadEventEnd,
    navigation: { name: nav.name, transferSize: nav.transferSize, encodedBodySize: nav.encodedBodySize },
    resources: res.map((r) => ({
      name: r.name,
      initiatorType: r.initiatorType,
      startTime: r.startTime,
      transferSize: r.transferSize,
      encodedBodySize: r.encodedBodySize,
    })),
  };
})()`;

interface Entries {
  loadEventEnd: number;
  navigation: { name: string; transferSize: number; encodedBodySize: number };
  resources: {
    name: string;
    initiatorType: string;
    startTime: number;
    transferSize: number;
    encodedBodySize: number;
  }[];
}

async function main() {
  const browser = await launchChromium();
  let lastJs: Entries["resources"] = [];
  try {
    // One sign-in; each run gets a fresh context with the session cookie and nothing cached.
    const login = await browser.newContext();
    await signIn(login, BASE, "developer@nura.local");
    const storage = await login.storageState();
    await login.close();

    const { results, loads } = await repeatRuns(RUNS, async (run): Promise<Sample> => {
      const context = await browser.newContext({ storageState: storage });
      try {
        const p = await context.newPage();
        // Generous: on the loaded shared machine the first render of a run has taken over 30 s.
        p.setDefaultTimeout(120_000);
        const res = await p.goto(`${BASE}/`, { waitUntil: "networkidle" });
        if (res?.status() !== 200 || new URL(p.url()).pathname !== "/")
          throw new Error(`overview: HTTP ${res?.status()} at ${p.url()}`);
        await p.locator('[data-testid^="cell-"]').first().waitFor(); // the matrix rendered
        // The sparklines' chart library is a lazy chunk fetched after hydration: wait for a drawn
        // chart and a quiet network again, or "after load" would depend on when idle was declared.
        await p.locator(".recharts-surface").first().waitFor();
        await p.waitForLoadState("networkidle");
        const e = (await p.evaluate(READ_ENTRIES)) as Entries;
        const js = e.resources.filter((r) => new URL(r.name).pathname.endsWith(".js"));
        const first = js.filter((r) => r.startTime <= e.loadEventEnd);
        const late = js.filter((r) => r.startTime > e.loadEventEnd);
        const css = e.resources.filter((r) => new URL(r.name).pathname.endsWith(".css"));
        const sum = (xs: { transferSize: number }[]) => xs.reduce((n, r) => n + r.transferSize, 0);
        const total = sum(e.resources) + e.navigation.transferSize;
        lastJs = js;
        const s: Sample = {
          jsFirstTransfer: sum(first),
          jsFirstEncoded: first.reduce((n, r) => n + r.encodedBodySize, 0),
          jsFirstCount: first.length,
          jsLateTransfer: sum(late),
          jsLateCount: late.length,
          documentTransfer: e.navigation.transferSize,
          cssTransfer: sum(css),
          otherTransfer: total - sum(js) - sum(css) - e.navigation.transferSize,
          totalTransfer: total,
          totalEncoded: e.resources.reduce((n, r) => n + r.encodedBodySize, 0) + e.navigation.encodedBodySize,
          resources: e.resources.length + 1,
        };
        if (s.jsFirstTransfer === 0) throw new Error("no JS transferred: was the cache not empty?");
        console.log(
          `run ${run + 1}/${RUNS}: JS before load ${(s.jsFirstTransfer / 1024).toFixed(1)} KB in ${s.jsFirstCount} files, after load ${(s.jsLateTransfer / 1024).toFixed(1)} KB in ${s.jsLateCount}; everything ${(s.totalTransfer / 1024).toFixed(1)} KB in ${s.resources} responses`,
        );
        return s;
      } finally {
        await context.close();
      }
    });

    let manifest: ReturnType<typeof firstLoadJs> | undefined;
    try {
      manifest = firstLoadJs();
    } catch (err) {
      console.log(`first-load JS from the manifest: ${(err as Error).message}`);
    }
    const col = (f: (s: Sample) => number) => results.map((s) => f(s) / 1024);
    const rows = [
      figure({
        name: "JS transferred before the load event (transferSize: headers + gzip body)",
        values: col((s) => s.jsFirstTransfer),
        unit: "KB",
        target: { max: TARGET_KB },
      }),
      figure({ name: "of which encoded bodies (encodedBodySize)", values: col((s) => s.jsFirstEncoded), unit: "KB" }),
      figure({
        name: "JS transferred after the load event (lazy chunks)",
        values: col((s) => s.jsLateTransfer),
        unit: "KB",
      }),
      figure({ name: "HTML document (navigation transferSize)", values: col((s) => s.documentTransfer), unit: "KB" }),
      figure({ name: "CSS", values: col((s) => s.cssTransfer), unit: "KB" }),
      figure({
        name: "everything else (RSC/API fetches, fonts, images)",
        values: col((s) => s.otherTransfer),
        unit: "KB",
      }),
      figure({
        name: "everything Chromium transferred until network idle",
        values: col((s) => s.totalTransfer),
        unit: "KB",
      }),
    ];
    console.log("");
    printFigures(rows);
    const mkb = manifest ? manifest.totalGzipBytes / 1024 : Number.NaN;
    const manifestLine = manifest
      ? `Manifest-summed first-load JS (the build's files gzipped at zlib's default level, bench/overview/first-load-js.ts): **${mkb.toFixed(1)} KB** in ${manifest.files.length} files; Chromium's JS before the load event: median **${rows[0]!.summary.median.toFixed(1)} KB** in ${results[0]!.jsFirstCount} files ; their encoded bodies ${rows[1]!.summary.median.toFixed(1)} KB — the manifest sum matches what is sent, transferSize adds each response's headers.`
      : "Manifest-summed first-load JS: not built.";
    console.log(manifestLine);
    const section = `## Overview: what Chromium transfers (bench/overview/transfer.ts)

Command: \`E2E_WITH_WORLD=1 E2E_RUNNER="tsx bench/overview/transfer.ts" nice scripts/test/e2e.sh\` after \`next build\` (\`next start\`, sandbox world, embedded PGlite).
Run: ${new Date().toISOString().slice(0, 16)} UTC on ${machine()}; ${loadLine(loads)}.
Method: Chromium (Debian), signed in as developer; each of ${RUNS} runs opens \`/\` in a fresh browser context (empty HTTP cache: a first visit), waits for network idle, and sums the Performance API's resource timing entries (transferSize: bytes on the wire incl. headers; encodedBodySize: the compressed body). JS "before the load event" is every .js resource whose fetch started before loadEventEnd.

${figureTable(rows)}

${manifestLine}

JS files of the last run: ${lastJs.map((r) => `${new URL(r.name).pathname.split("/").pop()} ${(r.transferSize / 1024).toFixed(1)} KB`).join(", ")}.
`;
    console.log(`\n${section}`);
    writeSection("bench/RESULTS.md", "## Overview: what Chromium transfers (bench/overview/transfer.ts)", section);
  } finally {
    await browser.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
