// Series shaping for charts: Grafana series → chart points, grouped by a label, with the latest
// value and a compact downsample for sparklines. Pure and unit-tested; charts only draw.

export type Point = { t: number; v: number | null };
export type RawSeries = { labels: Record<string, string>; points: [number, number | null][] };

export function toPoints(points: [number, number | null][]): Point[] {
  return points
    .filter(([t]) => Number.isFinite(t))
    .sort((a, b) => a[0] - b[0])
    .map(([t, v]) => ({ t, v: v === null || !Number.isFinite(v) ? null : v }));
}

/** One series per value of `label`; series without the label are ignored. */
export function groupByLabel(series: RawSeries[], label: string): Map<string, Point[]> {
  const out = new Map<string, Point[]>();
  for (const s of series) {
    const key = s.labels[label];
    if (key === undefined) continue;
    out.set(key, toPoints(s.points));
  }
  return out;
}

/** The only series of an ungrouped query (empty when Prometheus had none). */
export function singleSeries(series: RawSeries[]): Point[] {
  return series[0] ? toPoints(series[0].points) : [];
}

export function latestValue(points: Point[]): number | null {
  for (let i = points.length - 1; i >= 0; i--) {
    const v = points[i]!.v;
    if (v !== null) return v;
  }
  return null;
}

/** Keeps at most `max` points by averaging buckets (nulls ignored; an all-null bucket stays null). */
export function downsample(points: Point[], max: number): Point[] {
  if (max <= 0) return [];
  if (points.length <= max) return points;
  const size = points.length / max;
  const out: Point[] = [];
  for (let i = 0; i < max; i++) {
    const bucket = points.slice(Math.floor(i * size), Math.floor((i + 1) * size));
    const vals = bucket.map((p) => p.v).filter((v): v is number => v !== null);
    out.push({
      t: bucket[bucket.length - 1]!.t,
      v: vals.length ? vals.reduce((a, b) => a + b, 0) / vals.length : null,
    });
  }
  return out;
}

export function formatMetric(value: number | null, unit: "rps" | "ratio" | "seconds"): string {
  if (value === null) return "–";
  switch (unit) {
    case "rps":
      return value >= 100 ? `${value.toFixed(0)} req/s` : `${value.toFixed(value >= 10 ? 1 : 2)} req/s`;
    case "ratio":
      return `${(value * 100).toFixed(value >= 0.1 ? 1 : 2)} %`;
    case "seconds":
      return value >= 1 ? `${value.toFixed(2)} s` : `${Math.round(value * 1000)} ms`;
  }
}
