// A metric chart's axes (issue 13 item 10): the x-axis spans the whole range asked for (not just the
// points that came back), with ticks on round steps; "no data" is told apart from an empty axis. Pure.
import { TIME_RANGES, type TimeRangeKey } from "./metric-queries";
import type { Point } from "./series";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** How long a range key lasts: "now-6h" → 6 h. */
export function rangeDurationMs(key: TimeRangeKey): number {
  const m = /^now-(\d+)([mhd])$/.exec(TIME_RANGES[key].from);
  if (!m) throw new Error(`unparseable range ${TIME_RANGES[key].from}`);
  const unit = m[2] === "m" ? MINUTE : m[2] === "h" ? HOUR : DAY;
  return Number(m[1]) * unit;
}

export interface TimeWindow {
  from: number;
  to: number;
}

/** The window a range key asked for, ending when the data was made (its generatedAt). */
export function rangeWindow(key: TimeRangeKey, endIso: string): TimeWindow {
  const to = Date.parse(endIso);
  return { from: to - rangeDurationMs(key), to };
}

const STEPS = [5, 10, 15, 30, 60, 120, 180, 240, 360, 720, 1440, 2880].map((m) => m * MINUTE);

/** Tick positions on round steps (UTC-aligned) inside the window, at most `max` of them. */
export function timeTicks(w: TimeWindow, max = 6): number[] {
  const span = w.to - w.from;
  if (!(span > 0)) return [];
  // Both ends can fall on a step, so a step fits when floor(span / step) + 1 ticks are few enough.
  const step = STEPS.find((s) => Math.floor(span / s) + 1 <= max) ?? Math.ceil(span / (max - 1) / DAY) * DAY;
  const ticks: number[] = [];
  for (let t = Math.ceil(w.from / step) * step; t <= w.to; t += step) ticks.push(t);
  return ticks;
}

/** True when no point in the window has a value: the chart says "no data" instead of drawing axes. */
export function hasData(points: readonly Point[], w?: TimeWindow): boolean {
  return points.some((p) => p.v !== null && (!w || (p.t >= w.from && p.t <= w.to)));
}
