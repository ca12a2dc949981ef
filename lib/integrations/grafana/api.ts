// Grafana port in domain terms: Prometheus range queries through Grafana's /api/ds/query with a
// service-account token, and dashboard deep links that carry the same range and variables.

export interface MetricQuery {
  refId: string;
  expr: string;
  legendFormat?: string;
}

export interface TimeRange {
  /** Grafana time syntax: "now-6h", "now", or epoch ms. */
  from: string;
  to: string;
}

export interface Series {
  labels: Record<string, string>;
  /** [epoch ms, value]; null where Prometheus has no sample (NaN/Inf). */
  points: [number, number | null][];
}

export interface GrafanaApi {
  /** Runs the queries as range queries in one request; a failed query fails the whole call. */
  queryRange(
    queries: MetricQuery[],
    range: TimeRange,
    opts?: { maxDataPoints?: number; intervalMs?: number },
  ): Promise<Record<string, Series[]>>;
  /** Deep link to a dashboard with the same range and `var-<name>` variables. */
  dashboardUrl(uid: string, range: TimeRange, vars?: Record<string, string>): string;
}
