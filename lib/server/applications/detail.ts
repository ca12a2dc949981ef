// Application × environment detail: Argo CD status and tree, pods, Warning events and metrics,
// read in parallel through a short SWR cache (so a page polling every second during a sync,
// times the number of viewers, still costs one upstream round per second).
import { type Catalog, findApplication, findEnvironment } from "@/lib/catalog";
import type { PortalSync } from "@/lib/domain/initiator-credit";
import { keyMetricQueries, METRICS, TIME_RANGES, type TimeRangeKey } from "@/lib/domain/metric-queries";
import { downsample, latestValue, singleSeries } from "@/lib/domain/series";
import type { SourceStatus } from "@/lib/domain/status-rollup";
import { notFound } from "@/lib/http/errors";
import type { Integrations } from "@/lib/integrations";
import { type CacheRead, SwrCache } from "../overview/swr-cache";
import type { RevisionCache } from "./revision-info";
import { type ApplicationDetail, HISTORY_ROWS } from "./types";

export const CHART_POINTS = 120;

export interface DetailDeps {
  integrations: Pick<Integrations, "argocd" | "kubernetes" | "grafana">;
  catalog: () => Promise<Catalog>;
  commitUrlTemplate: string | null;
  ttlMs?: number;
  coldWaitMs?: number;
  /** The portal's Argo CD account name (default "portal"). */
  portalAccount?: string;
  /** Syncs started through the portal, from the audit log; a failure there leaves the credit out. */
  portalSyncs?: (app: string, env: string) => Promise<PortalSync[]>;
  /** Image tag and commit subject of deployed revisions, from the GitOps repository (./revision-info). */
  revisions?: RevisionCache["lookup"];
}

export function resolveAppEnv(catalog: Catalog, app: string, env: string) {
  const a = findApplication(catalog, app);
  if (!a) throw notFound(`Unknown application "${app}"`);
  const e = findEnvironment(catalog, env);
  if (!e) throw notFound(`Unknown environment "${env}"`);
  return { app: a, env: e, argoApp: a.argocdApps[e.name]! };
}

const source = <T>(id: string, label: string, r: CacheRead<T>): SourceStatus => ({
  id,
  label,
  state: r.state,
  since: r.since,
  error: r.error,
});

export function createDetailService(deps: DetailDeps) {
  const cache = new SwrCache({ ttlMs: deps.ttlMs ?? 1_000, coldWaitMs: deps.coldWaitMs ?? 1_500 });
  const { argocd, kubernetes, grafana } = deps.integrations;

  return {
    clear: () => cache.clear(),
    /** Forgets the cached Argo CD state of one application (after a sync or refresh). */
    forgetArgo(argoApp: string) {
      cache.forget(`argocd:${argoApp}`);
      cache.forget(`argocd-tree:${argoApp}`);
    },
    async get(appName: string, envName: string, range: TimeRangeKey): Promise<ApplicationDetail> {
      const catalog = await deps.catalog();
      const { app, env, argoApp } = resolveAppEnv(catalog, appName, envName);
      const r = TIME_RANGES[range];
      const [status, tree, pods, events, metrics, portalSyncs] = await Promise.all([
        cache.read(`argocd:${argoApp}`, () => argocd.getApplication(argoApp)),
        cache.read(`argocd-tree:${argoApp}`, () => argocd.getResourceTree(argoApp)),
        cache.read(`pods:${env.name}:${app.name}`, () => kubernetes.listPods(env.name, env.namespace, app.name)),
        cache.read(`events:${env.name}`, () => kubernetes.listWarningEvents(env.name, env.namespace)),
        cache.read(`metrics:${env.name}:${app.name}:${range}`, () =>
          grafana.queryRange(
            keyMetricQueries({ env: env.name, app: app.name }, [], range),
            { from: r.from, to: "now" },
            { intervalMs: r.intervalMs, maxDataPoints: CHART_POINTS },
          ),
        ),
        deps.portalSyncs ? deps.portalSyncs(app.name, env.name).catch(() => []) : Promise.resolve([]),
      ]);
      const deployed = (status.value?.history ?? []).slice(0, HISTORY_ROWS).map((h) => h.revision);
      const revisions = deps.revisions
        ? await deps.revisions(app, env.name, deployed)
        : { revisions: {}, error: "the GitOps repository is not configured" };
      // Events of this application's objects: its Deployment, ReplicaSets (<app>-<hash>) and Pods.
      const mine = (name: string) => name === app.name || name.startsWith(`${app.name}-`);
      return {
        application: app.name,
        description: app.description,
        environment: env.name,
        environmentName: env.displayName,
        namespace: env.namespace,
        argoApp,
        autoSync: env.autoSync,
        generatedAt: new Date().toISOString(),
        range,
        sources: [
          source("argocd", "Argo CD", status),
          source("argocd-tree", "Argo CD resource tree", tree),
          source("kubernetes-pods", `Kubernetes ${env.name} pods`, pods),
          source("kubernetes-events", `Kubernetes ${env.name} events`, events),
          source("grafana", "Grafana metrics", metrics),
        ],
        status: status.value,
        resources: tree.value,
        pods: pods.value,
        events: events.value ? events.value.filter((e) => mine(e.objectName)).slice(0, 20) : null,
        metrics: metrics.value
          ? METRICS.map((m) => {
              const points = singleSeries(metrics.value?.[m.id] ?? []);
              return {
                id: m.id,
                label: m.label,
                unit: m.unit,
                latest: latestValue(points),
                points: downsample(points, CHART_POINTS),
              };
            })
          : null,
        grafanaUrl:
          grafana.dashboardUrl(
            env.grafanaDashboardUid,
            { from: r.from, to: "now" },
            { env: env.name, app: app.name },
          ) || null,
        commitUrlTemplate: deps.commitUrlTemplate,
        portalAccount: deps.portalAccount ?? "portal",
        portalSyncs,
        revisions: revisions.revisions,
        revisionsError: revisions.error,
      };
    },
  };
}

export type DetailService = ReturnType<typeof createDetailService>;
