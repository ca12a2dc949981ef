// What the request page says about the source environment before anyone approves: error ratio
// and p95 over the last hour (latest and worst), and whether the tag has soaked long enough. Pure.
import { latestValue, type Point } from "./series";

export interface HourStats {
  latest: number | null;
  max: number | null;
  mean: number | null;
}

export function hourStats(points: Point[]): HourStats {
  const values = points.map((p) => p.v).filter((v): v is number => v !== null && Number.isFinite(v));
  return {
    latest: latestValue(points),
    max: values.length ? Math.max(...values) : null,
    mean: values.length ? values.reduce((a, b) => a + b, 0) / values.length : null,
  };
}

export interface SoakInput {
  health: string | null;
  /** When the source environment started running the tag (its last deploy), ISO. */
  runningSince: string | null;
  minSoakMinutes: number;
  now: Date;
}

export type SoakStatus =
  | { state: "ok"; healthyForMinutes: number; minSoakMinutes: number }
  | { state: "soaking"; healthyForMinutes: number; minSoakMinutes: number; readyAt: string }
  | { state: "unhealthy"; health: string | null; minSoakMinutes: number }
  | { state: "unknown"; minSoakMinutes: number };

/**
 * Soak: the tag must have run Healthy in the source for minSoakMinutes. Without a health history,
 * "running since its deploy and Healthy now" stands for it (the executor re-checks before it commits).
 */
export function soakStatus(i: SoakInput): SoakStatus {
  const { minSoakMinutes } = i;
  if (i.health !== "Healthy") {
    return i.health === null
      ? { state: "unknown", minSoakMinutes }
      : { state: "unhealthy", health: i.health, minSoakMinutes };
  }
  if (minSoakMinutes === 0) return { state: "ok", healthyForMinutes: 0, minSoakMinutes };
  const since = i.runningSince ? Date.parse(i.runningSince) : Number.NaN;
  if (Number.isNaN(since)) return { state: "unknown", minSoakMinutes };
  const minutes = Math.max(0, Math.floor((i.now.getTime() - since) / 60_000));
  if (minutes >= minSoakMinutes) return { state: "ok", healthyForMinutes: minutes, minSoakMinutes };
  return {
    state: "soaking",
    healthyForMinutes: minutes,
    minSoakMinutes,
    readyAt: new Date(since + minSoakMinutes * 60_000).toISOString(),
  };
}
