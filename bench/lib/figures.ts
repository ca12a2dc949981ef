// One shape for every benchmark's figures (issue 12): a figure is measured in ≥ 5 independent
// runs, reported as min / median / max with the machine's 1-min load average at the start and the
// end, and judged on the median. The machine is shared (load 10–25 from other sessions), so a
// single run's verdict can flip on a rerun; when the runs' min–max spread straddles the target the
// verdict says "unstable" instead of pretending to be settled.
import { availableParallelism, loadavg } from "node:os";
import { median } from "./results-section";

export const MIN_RUNS = 5;

/** `max`: lower is better (latency, bytes); `min`: higher is better (throughput, speed-up). */
export type Target = { max: number; min?: never } | { min: number; max?: never };

export interface Summary {
  runs: number;
  min: number;
  median: number;
  max: number;
  /** From the median alone; "info" when the figure has no target. */
  verdict: "PASS" | "FAIL" | "info";
  /** Some runs meet the target and some do not: the median's verdict may flip on a rerun. */
  unstable: boolean;
}

const meets = (v: number, t: Target) => (t.max !== undefined ? v <= t.max : v >= t.min!);

export function summarise(values: readonly number[], target?: Target): Summary {
  if (values.length < MIN_RUNS) throw new Error(`a figure needs at least ${MIN_RUNS} runs, got ${values.length}`);
  if (values.some((v) => !Number.isFinite(v))) throw new Error(`a run produced no figure: ${values.join(", ")}`);
  const min = Math.min(...values);
  const max = Math.max(...values);
  const med = median(values);
  if (!target) return { runs: values.length, min, median: med, max, verdict: "info", unstable: false };
  return {
    runs: values.length,
    min,
    median: med,
    max,
    verdict: meets(med, target) ? "PASS" : "FAIL",
    unstable: meets(min, target) !== meets(max, target),
  };
}

/** "PASS", "FAIL", "PASS, unstable", "FAIL, unstable" or "info". */
export function verdictLabel(s: Summary): string {
  return s.unstable ? `${s.verdict}, unstable` : s.verdict;
}

const withUnit = (text: string, unit: string) => `${text}${unit ? (unit === "×" ? "×" : ` ${unit}`) : ""}`;

export function targetLabel(t: Target | undefined, unit: string): string {
  if (!t) return "";
  return t.max !== undefined ? withUnit(`≤ ${t.max}`, unit) : withUnit(`≥ ${t.min}`, unit);
}

export const load1 = (): number => loadavg()[0] ?? 0;

export interface Runs<T> {
  results: T[];
  /** 1-min load average before the first run and after each run. */
  loads: number[];
}

/**
 * Runs `run` `n` (≥ 5) times in sequence, noting the load average before and after each run.
 * Each run must be independent (its own samples, its own percentile), so the spread over runs is
 * what a rerun of the whole benchmark would see.
 */
export async function repeatRuns<T>(
  n: number,
  run: (i: number) => Promise<T> | T,
  onRun?: (result: T, i: number, load: number) => void,
): Promise<Runs<T>> {
  if (n < MIN_RUNS) throw new Error(`a benchmark figure needs at least ${MIN_RUNS} runs, got ${n}`);
  const loads = [load1()];
  const results: T[] = [];
  for (let i = 0; i < n; i++) {
    const r = await run(i);
    results.push(r);
    loads.push(load1());
    onRun?.(r, i, loads.at(-1)!);
  }
  return { results, loads };
}

/** "1-min load average 12.3 at the start, 14.1 at the end (range 11.8–15.0) on 2 cores". */
export function loadLine(loads: readonly number[]): string {
  const f = (n: number) => n.toFixed(1);
  const range = loads.length > 2 ? ` (range ${f(Math.min(...loads))}–${f(Math.max(...loads))})` : "";
  return `1-min load average ${f(loads[0]!)} at the start, ${f(loads.at(-1)!)} at the end${range} on ${availableParallelism()} cores`;
}

export interface Figure {
  name: string;
  values: readonly number[];
  unit: string;
  target?: Target;
  /** The reference when it is not a target (a baseline, a note); printed in the target column. */
  reference?: string;
  digits?: number;
}

export interface FigureRow extends Figure {
  summary: Summary;
}

export function figure(f: Figure): FigureRow {
  return { ...f, summary: summarise(f.values, f.target) };
}

const num = (n: number, digits?: number) =>
  digits !== undefined ? n.toFixed(digits) : Math.abs(n) >= 100 ? n.toFixed(0) : n.toFixed(1);

export function formatValue(n: number, unit: string, digits?: number): string {
  return withUnit(num(n, digits), unit);
}

/** "min / median / max" of a figure. */
export function spread(r: FigureRow): string {
  const s = r.summary;
  return withUnit(`${num(s.min, r.digits)} / ${num(s.median, r.digits)} / ${num(s.max, r.digits)}`, r.unit);
}

const referenceOf = (r: FigureRow) => [targetLabel(r.target, r.unit), r.reference].filter((x) => x).join("; ") || "—";

/** One console line per figure: verdict, name, median, [min–max], target. */
export function printFigures(rows: readonly FigureRow[]): void {
  for (const r of rows) {
    console.log(
      `${verdictLabel(r.summary).padEnd(15)} ${r.name.padEnd(60)} median ${formatValue(r.summary.median, r.unit, r.digits).padStart(12)}  [${spread(r)}, ${r.summary.runs} runs]  ${referenceOf(r)}`,
    );
  }
}

/** The Markdown table every RESULTS.md section uses for its figures. */
export function figureTable(rows: readonly FigureRow[]): string {
  return [
    "| | figure | median | min / median / max (runs) | target / reference |",
    "|---|---|---|---|---|",
    ...rows.map(
      (r) =>
        `| ${verdictLabel(r.summary)} | ${r.name} | ${formatValue(r.summary.median, r.unit, r.digits)} | ${spread(r)} (${r.summary.runs}) | ${referenceOf(r)} |`,
    ),
  ].join("\n");
}

/** Exit status for a benchmark: 1 when a figure's median misses its target. */
export function failed(rows: readonly FigureRow[]): boolean {
  return rows.some((r) => r.summary.verdict === "FAIL");
}
