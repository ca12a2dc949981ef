// What the request page says about the source environment's last hour before anyone approves:
// error ratio and p95, latest, worst and mean. Pure. (Soak time is lib/domain/promotions/soak.ts.)
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
