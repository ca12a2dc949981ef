// The reference: a naive overview that reads everything sequentially, one Argo CD application at
// a time, with no cache — what a first implementation without fan-out or batching would do.
import type { Catalog } from "@/lib/catalog";
import type { AppStatus } from "@/lib/integrations/argocd/api";
import type { ClusterStatus } from "@/lib/integrations/eks/api";
import type { WorkloadStatus } from "@/lib/integrations/kubernetes/api";
import type { Overview } from "@/lib/server/overview/types";
import { type ReferenceIntegrations, referenceOverview, sparklineMetrics } from "./reference-overview";

export async function naiveOverview(i: ReferenceIntegrations, catalog: Catalog): Promise<Overview> {
  const apps: AppStatus[] = [];
  for (const env of catalog.environments) {
    for (const app of catalog.applications) apps.push(await i.argocd.getApplication(app.argocdApps[env.name]!));
  }
  const workloads: Record<string, WorkloadStatus[]> = {};
  const clusters: Record<string, ClusterStatus | null> = {};
  for (const env of catalog.environments) {
    workloads[env.name] = await i.kubernetes.listWorkloads(env.name, env.namespace);
    clusters[env.name] = await i.eks.describeCluster(env.eksCluster, env.awsRegion);
  }
  return referenceOverview(catalog, { apps, workloads, clusters, metrics: await sparklineMetrics(i, catalog) });
}
