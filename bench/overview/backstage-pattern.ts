// The baseline a team would otherwise run: Backstage with Roadie's Argo CD plugin
// (@roadiehq/backstage-plugin-argo-cd 2.12.5, RoadieHQ/roadie-backstage-plugins at ce2ebac, read in
// plugins/frontend/backstage-plugin-argo-cd/src). Its overview card (ArgoCDDetailsCard →
// useAppDetails → ArgoCDApiClient.getAppDetails) is per entity: for an entity annotated
// `argocd/app-name: <name>`, with no `argocd.appLocatorMethods` configured, it makes exactly one
//   GET {backend}/api/proxy/argocd/api/applications/<name>   (Argo CD: GET /api/v1/applications/<name>)
// per entity and nothing else (the history card adds one GET …/revisions/<rev>/metadata per history
// row; not counted here). With appLocatorMethods it first asks GET /api/argocd/find/name/<name> and
// then fetches the application from each instance that has it: more calls, not fewer.
// An overview of 20 applications × 3 environments is then 60 entity cards, each with its own
// request; the browser sends at most 6 at once to one host (Chromium's HTTP/1.1 per-host limit,
// Backstage's proxy being one host), so the reads run 6 at a time. The plugin covers Argo CD only:
// the Kubernetes, EKS and Grafana parts are read once, in parallel, as our service reads them, so
// this baseline differs from the service only in the Argo CD access pattern and the missing cache.
import type { Catalog } from "@/lib/catalog";
import type { Overview } from "@/lib/server/overview/types";
import { type ReferenceIntegrations, referenceOverview, sparklineMetrics } from "./reference-overview";

/** Chromium's limit of concurrent HTTP/1.1 connections to one host. */
export const BROWSER_CONNECTIONS_PER_HOST = 6;

/** Runs `tasks` with at most `limit` in flight, results in order. */
async function pooled<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const out: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, tasks.length) }, async () => {
      while (next < tasks.length) {
        const i = next++;
        out[i] = await tasks[i]!();
      }
    }),
  );
  return out;
}

export async function backstagePatternOverview(i: ReferenceIntegrations, catalog: Catalog): Promise<Overview> {
  const names = catalog.environments.flatMap((env) => catalog.applications.map((app) => app.argocdApps[env.name]!));
  const byEnv = <T>(values: T[]) => Object.fromEntries(catalog.environments.map((e, n) => [e.name, values[n]!]));
  const [apps, workloads, clusters, metrics] = await Promise.all([
    pooled(
      names.map((name) => () => i.argocd.getApplication(name)),
      BROWSER_CONNECTIONS_PER_HOST,
    ),
    Promise.all(catalog.environments.map((e) => i.kubernetes.listWorkloads(e.name, e.namespace))),
    Promise.all(catalog.environments.map((e) => i.eks.describeCluster(e.eksCluster, e.awsRegion))),
    sparklineMetrics(i, catalog),
  ]);
  return referenceOverview(catalog, { apps, workloads: byEnv(workloads), clusters: byEnv(clusters), metrics });
}

/**
 * The physical limit of a cold overview: one HTTP round trip to each upstream at once (Argo CD,
 * Kubernetes API, EKS/moto, Grafana), the time of the slowest. Any answer counts (the sandbox's
 * injected latency applies to every request), so this is the network + injected delay floor that
 * no implementation can beat when it has to ask every upstream.
 */
export async function slowestRoundTrip(urls: readonly string[]): Promise<number> {
  const times = await Promise.all(
    urls.map(async (url) => {
      const t = performance.now();
      const res = await fetch(url);
      await res.arrayBuffer();
      return performance.now() - t;
    }),
  );
  return Math.max(...times);
}
