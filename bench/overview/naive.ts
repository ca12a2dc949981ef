// The reference: a naive overview that reads everything sequentially, one Argo CD application at
// a time, with no cache — what a first implementation without fan-out or batching would do.
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

const ok = <T>(value: T): CacheRead<T> => ({
  value,
  state: "ok",
  since: null,
  error: null,
  fetchedAt: new Date().toISOString(),
});

export async function naiveOverview(
  i: Pick<Integrations, "argocd" | "kubernetes" | "eks" | "grafana">,
  catalog: Catalog,
): Promise<Overview> {
  const apps: AppStatus[] = [];
  for (const env of catalog.environments) {
    for (const app of catalog.applications) apps.push(await i.argocd.getApplication(app.argocdApps[env.name]!));
  }
  const workloads: Record<string, CacheRead<WorkloadStatus[]>> = {};
  const clusters: Record<string, CacheRead<ClusterStatus>> = {};
  for (const env of catalog.environments) {
    workloads[env.name] = ok(await i.kubernetes.listWorkloads(env.name, env.namespace));
    clusters[env.name] = ok(await i.eks.describeCluster(env.eksCluster, env.awsRegion));
  }
  const range = TIME_RANGES[SPARKLINE_RANGE];
  const metrics = await i.grafana.queryRange(
    keyMetricQueries({ env: catalog.environments.map((e) => e.name) }, ["env"], SPARKLINE_RANGE),
    { from: range.from, to: "now" },
    { intervalMs: range.intervalMs, maxDataPoints: 60 },
  );
  return buildOverview({
    catalog,
    argocd: ok(apps),
    workloads,
    clusters,
    metrics: ok(metrics as Partial<Record<MetricId, RawSeries[]>>),
    promotions: ok([]),
    pollIntervalMs: 5000,
    commitUrl: () => null,
    dashboardUrl: () => null,
    now: new Date(),
  });
}
