// What the benchmark's references (naive.ts, backstage-pattern.ts) share: the one Grafana query the
// overview's sparklines need, and turning the raw reads into the same Overview the service builds
// (every read "ok", no cache), so a reference differs from the service only in how it fetches.
import type { Catalog } from "@/lib/catalog";
import { keyMetricQueries, type MetricId, SPARKLINE_RANGE, TIME_RANGES } from "@/lib/domain/metric-queries";
import type { RawSeries } from "@/lib/domain/series";
import type { Integrations } from "@/lib/integrations";
import type { AppStatus } from "@/lib/integrations/argocd/api";
import type { ClusterStatus } from "@/lib/integrations/eks/api";
import type { WorkloadStatus } from "@/lib/integrations/kubernetes/api";
import { buildOverview } from "@/lib/server/overview/build";
import type { CacheRead } from "@/lib/server/overview/swr-cache";
import type { Overview } from "@/lib/server/overview/types";

export type ReferenceIntegrations = Pick<Integrations, "argocd" | "kubernetes" | "eks" | "grafana">;

const ok = <T>(value: T): CacheRead<T> => ({
  value,
  state: "ok",
  since: null,
  error: null,
  fetchedAt: new Date().toISOString(),
});

export function sparklineMetrics(i: ReferenceIntegrations, catalog: Catalog) {
  const range = TIME_RANGES[SPARKLINE_RANGE];
  return i.grafana.queryRange(
    keyMetricQueries({ env: catalog.environments.map((e) => e.name) }, ["env"], SPARKLINE_RANGE),
    { from: range.from, to: "now" },
    { intervalMs: range.intervalMs, maxDataPoints: 60 },
  );
}

/** The overview from reads taken without the service; workloads and clusters keyed by environment. */
export function referenceOverview(
  catalog: Catalog,
  reads: {
    apps: AppStatus[];
    workloads: Record<string, WorkloadStatus[]>;
    clusters: Record<string, ClusterStatus | null>;
    metrics: unknown;
  },
): Overview {
  const each = <T>(r: Record<string, T>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, ok(v)]));
  return buildOverview({
    catalog,
    argocd: ok(reads.apps),
    workloads: each(reads.workloads),
    clusters: each(reads.clusters),
    metrics: ok(reads.metrics as Partial<Record<MetricId, RawSeries[]>>),
    promotions: ok([]),
    pollIntervalMs: 5000,
    commitUrl: () => null,
    dashboardUrl: () => null,
    now: new Date(),
  });
}
