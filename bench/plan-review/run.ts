// Plan review benchmark (issue 11): summary of a 1,000-resource plan JSON rendered, p95 ≤ 200 ms.
// One sample = what the run page does with plan.json: parse + summarise the text, evaluate the
// policy, server-render the <PlanReview> components to HTML (renderToString). The plan is made from
// the committed real plans (scale-plan.ts). Each run takes ITERATIONS samples after WARMUP; the
// figure is the median of the runs' p95, with the runs' min and max beside it.
//   NODE_ENV=production node --import tsx bench/plan-review/run.ts   (make bench-plan-review)
import { readFileSync } from "node:fs";
import { register } from "node:module";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { evaluatePlanPolicy, summarisePlan } from "@/lib/domain/plan-review";
import { figure, figureTable, loadLine, printFigures, repeatRuns } from "../lib/figures";
import { loadAverage, machine, percentile, writeSection } from "../lib/results-section";
import { scalePlan } from "./scale-plan";

register("./css-modules.mjs", import.meta.url);

const RESOURCES = Number(process.env.BENCH_RESOURCES ?? 1000);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 20);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
const TARGET_P95_MS = 200;
const FIXTURES = path.resolve("lib/domain/plan-review/fixtures");
const SOURCES = ["dev-initial", "dev-change", "dev-destroy"];

interface RunStats {
  p50: number;
  p95: number;
  max: number;
  summariseP95: number;
  renderP95: number;
  /** CPU time of the process per sample (user + system, all its threads): what a sample costs on a free core. */
  cpuP95: number;
}

async function main() {
  // After register(): the components import their CSS module.
  const { PlanReview } = await import("@/components/infra/plan-review/plan-review");
  const sources = SOURCES.map((n) => JSON.parse(readFileSync(path.join(FIXTURES, `${n}.plan.json`), "utf8")));
  const text = JSON.stringify(scalePlan(sources, RESOURCES));

  const sample = () => {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const summary = summarisePlan(text);
    const policy = evaluatePlanPolicy(summary, { name: "prod", strictPlanReview: true });
    const t1 = performance.now();
    const html = renderToString(createElement(PlanReview, { summary, policy }));
    const t2 = performance.now();
    const cpu = process.cpuUsage(cpu0);
    return { total: t2 - t0, summarise: t1 - t0, render: t2 - t1, cpu: (cpu.user + cpu.system) / 1000, html, summary };
  };

  const first = sample();
  const c = first.summary.counts;
  const resources = c.add + c.change + c.destroy + c.replace + c.forget;
  const rows = first.summary.groups.reduce(
    (n, g) => n + g.types.reduce((m, t) => m + t.resources.reduce((k, r) => k + r.diff.changes.length, 0), 0),
    0,
  );
  console.log(
    `plan: ${resources} resource changes (${c.add} add, ${c.change} change, ${c.destroy} destroy, ${c.replace} replace), ` +
      `${rows} attribute rows, ${(text.length / 1024 / 1024).toFixed(1)} MB JSON → ${(first.html.length / 1024 / 1024).toFixed(1)} MB HTML`,
  );

  const { results: runs, loads } = await repeatRuns(RUNS, (r): RunStats => {
    for (let i = 0; i < WARMUP; i++) sample();
    const total: number[] = [];
    const summarise: number[] = [];
    const render: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < ITERATIONS; i++) {
      const s = sample();
      total.push(s.total);
      summarise.push(s.summarise);
      render.push(s.render);
      cpu.push(s.cpu);
    }
    for (const a of [total, summarise, render, cpu]) a.sort((x, y) => x - y);
    const stats = {
      p50: percentile(total, 50),
      p95: percentile(total, 95),
      max: total[total.length - 1] as number,
      summariseP95: percentile(summarise, 95),
      renderP95: percentile(render, 95),
      cpuP95: percentile(cpu, 95),
    };
    console.log(
      `run ${r + 1}/${RUNS}: p50 ${stats.p50.toFixed(1)} ms, p95 ${stats.p95.toFixed(1)} ms (summarise ${stats.summariseP95.toFixed(1)}, render ${stats.renderP95.toFixed(1)}), max ${stats.max.toFixed(1)} ms; CPU p95 ${stats.cpuP95.toFixed(1)} ms  [load ${loadAverage()}]`,
    );
    return stats;
  });
  const fmt = (n: number) => `${n.toFixed(1)} ms`;
  const figures = [
    figure({
      name: `p95 summarise + render (wall clock), ${resources} resources`,
      values: runs.map((r) => r.p95),
      unit: "ms",
      target: { max: TARGET_P95_MS },
    }),
    figure({
      name: "CPU time per sample p95",
      values: runs.map((r) => r.cpuP95),
      unit: "ms",
      reference: "what one sample costs given a core",
    }),
  ];
  console.log("");
  printFigures(figures);
  console.log(loadLine(loads));

  const section = [
    "## Plan review",
    "",
    "Command: `nice make bench-plan-review` (= `NODE_ENV=production node --import tsx bench/plan-review/run.ts`: React's production build, as `next start` renders).",
    `Plan: ${resources} resource changes (${c.add} add, ${c.change} change, ${c.destroy} destroy, ${c.replace} replace; ${rows} attribute rows), ${(text.length / 1024 / 1024).toFixed(1)} MB of JSON, made by bench/plan-review/scale-plan.ts from the real plans in lib/domain/plan-review/fixtures (tofu against moto) copied into module instances; ${(first.html.length / 1024 / 1024).toFixed(1)} MB of HTML.`,
    `One sample: parse + summarise the plan text (zod, masked diffs), evaluate the prod policy, renderToString of <PlanReview>. Each run: ${WARMUP} warm-ups, then ${ITERATIONS} samples; p95 per run. Run ${new Date().toISOString().slice(0, 16)} UTC on ${machine()}, shared with other work: ${loadLine(loads)}.`,
    "",
    "| run | p50 | p95 | of which summarise (p95) | of which render (p95) | max | CPU time p95 |",
    "|---|---|---|---|---|---|---|",
    ...runs.map(
      (r, i) =>
        `| ${i + 1} | ${fmt(r.p50)} | ${fmt(r.p95)} | ${fmt(r.summariseP95)} | ${fmt(r.renderP95)} | ${fmt(r.max)} | ${fmt(r.cpuP95)} |`,
    ),
    "",
    figureTable(figures),
    "",
    "CPU time is the whole process's (process.cpuUsage), so V8's parallel GC threads count too: it can exceed the wall-clock time. On this shared 2-core machine the wall-clock figure follows the load: compare the load line above before comparing figures.",
    "",
  ].join("\n");
  writeSection("bench/RESULTS.md", "## Plan review", section);
  console.log('wrote the "## Plan review" section of bench/RESULTS.md');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
