// The key metrics the portal shows (request rate, error ratio, p95 latency) as PromQL, and the
// time ranges of the charts. Pure: the Grafana adapter runs them, lib/domain/series.ts shapes them.

export const METRICS = [
  { id: "requestRate", label: "Request rate", unit: "rps" },
  { id: "errorRatio", label: "Error ratio", unit: "ratio" },
  { id: "p95Latency", label: "p95 latency", unit: "seconds" },
] as const;
export type MetricId = (typeof METRICS)[number]["id"];
export type MetricUnit = (typeof METRICS)[number]["unit"];

export const TIME_RANGES = {
  "1h": { from: "now-1h", rateWindow: "5m", intervalMs: 60_000 },
  "6h": { from: "now-6h", rateWindow: "5m", intervalMs: 5 * 60_000 },
  "24h": { from: "now-24h", rateWindow: "15m", intervalMs: 15 * 60_000 },
  "7d": { from: "now-7d", rateWindow: "1h", intervalMs: 60 * 60_000 },
} as const;
export type TimeRangeKey = keyof typeof TIME_RANGES;
export const TIME_RANGE_KEYS = Object.keys(TIME_RANGES) as TimeRangeKey[];
/** The overview's sparklines: the last hour. */
export const SPARKLINE_RANGE: TimeRangeKey = "1h";

export function isTimeRangeKey(v: unknown): v is TimeRangeKey {
  return typeof v === "string" && Object.hasOwn(TIME_RANGES, v);
}

/** A PromQL label matcher value: backslashes and quotes escaped. */
export function promString(v: string): string {
  return `"${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}

function matcher(labels: Record<string, string | string[]>): string {
  const parts = Object.entries(labels).map(([k, v]) =>
    Array.isArray(v)
      ? `${k}=~${promString(v.map((x) => x.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"))}`
      : `${k}=${promString(v)}`,
  );
  return `{${parts.join(",")}}`;
}

function withCode(labels: Record<string, string | string[]>, code: string): string {
  return matcher(labels).replace(/}$/, `${Object.keys(labels).length ? "," : ""}code=~${promString(code)}}`);
}

/**
 * The three key metrics for a label scope, grouped by `by` (e.g. ["env"] for the overview,
 * [] for one application in one environment). refIds are the metric ids.
 */
export function keyMetricQueries(
  scope: Record<string, string | string[]>,
  by: string[],
  range: TimeRangeKey,
): { refId: MetricId; expr: string }[] {
  const w = TIME_RANGES[range].rateWindow;
  const sel = matcher(scope);
  const grp = by.length ? ` by (${by.join(", ")})` : "";
  const grpLe = ` by (${[...by, "le"].join(", ")})`;
  return [
    { refId: "requestRate", expr: `sum${grp} (rate(http_requests_total${sel}[${w}]))` },
    {
      refId: "errorRatio",
      expr: `(sum${grp} (rate(http_requests_total${withCode(scope, "5..")}[${w}])) or sum${grp} (rate(http_requests_total${sel}[${w}])) * 0) / sum${grp} (rate(http_requests_total${sel}[${w}]))`,
    },
    {
      refId: "p95Latency",
      expr: `histogram_quantile(0.95, sum${grpLe} (rate(http_request_duration_seconds_bucket${sel}[${w}])))`,
    },
  ];
}
