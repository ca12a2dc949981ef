// GitOps adapter latency with real git on a local bare repository (the sandbox's setup): the
// promotion commit + push (commitPromotion: fetch, idempotency lookup, blob check, edit, commit,
// push, describe) and the request page's preview. Runs × promotions, p50/p95 per run, the median
// of the runs' p95 with min/max, and the machine load. The issue's budget for approve → commit
// pushed is p95 ≤ 500 ms; this is the git share of it.
//   node --import tsx bench/gitops/commit.ts [runs=5] [promotions=100] [--write]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadCatalog } from "@/lib/catalog";
import { childProcessBaseEnv } from "@/lib/env";
import { createGitOpsClient } from "@/lib/integrations/git/client";
import { seedGitopsRepo } from "@/sandbox/gitops/seed";
import { type FigureRow, figure, figureTable, loadLine, printFigures, repeatRuns } from "../lib/figures";
import { loadAverage, machine, percentile, writeSection } from "../lib/results-section";

const args = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const runs = Number(args[0] ?? 5);
const promotions = Number(args[1] ?? 100);
const root = join(import.meta.dirname, "..", "..");
const catalog = loadCatalog(join(root, "config", "catalog.yaml"));
const app = catalog.applications.find((a) => a.name === "nura-core")!;

interface RunStats {
  commitP50: number;
  commitP95: number;
  previewP50: number;
  previewP95: number;
  load: string;
}

async function oneRun(run: number): Promise<RunStats> {
  const dir = mkdtempSync(join(tmpdir(), "nura-bench-gitops-"));
  try {
    const bare = join(dir, "gitops.git");
    await seedGitopsRepo(bare, catalog, root);
    const gitops = createGitOpsClient({
      repoUrl: bare,
      branch: "main",
      cacheDir: join(dir, "cache"),
      committer: { name: "Nura Platform Portal", email: "portal@nura.example.com" },
      timeoutMs: 30_000,
      pushAttempts: 5,
      inherited: childProcessBaseEnv(),
    });
    await gitops.readTarget(app, "staging"); // the clone is a one-time cost per process, not per promotion
    const commits: number[] = [];
    const previews: number[] = [];
    for (let i = 0; i < promotions; i++) {
      const tag = `2.${run}.${i}`;
      let t = performance.now();
      const preview = await gitops.previewPromotion({
        application: app,
        fromEnvironment: "dev",
        toEnvironment: "staging",
        imageTag: tag,
      });
      previews.push(performance.now() - t);
      t = performance.now();
      await gitops.commitPromotion({
        promotionId: `bench-${run}-${i}`,
        application: app,
        environment: "staging",
        imageTag: tag,
        expectedBlobSha: preview.targetBlobSha,
        author: { name: "Dana Developer", email: "dana@nura.example.com" },
        approvers: [{ name: "Alex Approver", email: "alex@nura.example.com" }],
      });
      commits.push(performance.now() - t);
    }
    commits.sort((a, b) => a - b);
    previews.sort((a, b) => a - b);
    return {
      commitP50: percentile(commits, 50),
      commitP95: percentile(commits, 95),
      previewP50: percentile(previews, 50),
      previewP95: percentile(previews, 95),
      load: loadAverage(),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const { results, loads } = await repeatRuns(runs, oneRun, (s, r) =>
  console.log(
    `run ${r + 1}/${runs}: commit+push p50 ${s.commitP50.toFixed(0)} ms p95 ${s.commitP95.toFixed(0)} ms · preview p50 ${s.previewP50.toFixed(0)} ms p95 ${s.previewP95.toFixed(0)} ms · load ${s.load}`,
  ),
);
const rows: FigureRow[] = [
  figure({
    name: "commitPromotion p50 (fetch, lookup, blob check, edit, commit, push)",
    values: results.map((s) => s.commitP50),
    unit: "ms",
  }),
  figure({
    name: "commitPromotion p95",
    values: results.map((s) => s.commitP95),
    unit: "ms",
    target: { max: 500 },
    reference: "the whole approve → commit pushed path has 500 ms; this is its git share",
  }),
  figure({
    name: "previewPromotion p50 (fetch, diff, commits between tags)",
    values: results.map((s) => s.previewP50),
    unit: "ms",
  }),
  figure({
    name: "previewPromotion p95",
    values: results.map((s) => s.previewP95),
    unit: "ms",
    target: { max: 300 },
    reference: "the request page's warm p95 budget (the page reads it behind its cache)",
  }),
];
console.log("");
printFigures(rows);
const section = `## GitOps adapter: commit + push and preview (bench/gitops/commit.ts)

Real git, local bare repository seeded like the sandbox's; ${runs} runs × ${promotions} promotions of nura-core to
staging on one process's cached working copy. Each run's p50 / p95; min / median / max over the runs, verdict on the median.
Run ${new Date().toISOString().slice(0, 16)} UTC on ${machine()}; ${loadLine(loads)}.

${figureTable(rows)}

Reproduce: \`nice node --import tsx bench/gitops/commit.ts 5 100 --write\`
`;
console.log(`\n${section}`);
if (process.argv.includes("--write")) writeSection(join(root, "bench", "RESULTS.md"), section.split("\n")[0]!, section);
