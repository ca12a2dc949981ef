// Shared by the benchmarks: percentiles, the machine line, and replacing one "## " section of
// bench/RESULTS.md while leaving the others as their benchmarks wrote them.
import { readFileSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg } from "node:os";

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new Error("percentile of no samples");
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

export function median(values: readonly number[]): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    50,
  );
}

export function loadAverage(): string {
  return (loadavg()[0] ?? 0).toFixed(1);
}

export function machine(): string {
  return `${availableParallelism()} × ${cpus()[0]?.model?.trim() ?? "unknown CPU"}, Node ${process.version}`;
}

/** Replaces (or appends) the section that starts with `heading`, up to the next "## " heading. */
export function writeSection(path: string, heading: string, section: string): void {
  let text = "";
  try {
    text = readFileSync(path, "utf8");
  } catch {
    text = "# Benchmark results\n\n";
  }
  const start = text.indexOf(`${heading}\n`);
  if (start < 0) {
    writeFileSync(path, `${text.replace(/\n*$/, "\n\n")}${section}`);
    return;
  }
  const rest = text.slice(start + heading.length + 1);
  const nextHeading = rest.search(/^## /m);
  const end = nextHeading < 0 ? text.length : start + heading.length + 1 + nextHeading;
  writeFileSync(path, `${text.slice(0, start)}${section}${nextHeading < 0 ? "" : "\n"}${text.slice(end)}`);
}
