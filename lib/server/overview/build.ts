// Assembles the overview from whatever each source returned (possibly stale or missing). Pure:
// the service does the I/O, this decides what a cell, a card and a source badge show.
import type { Catalog } from "@/lib/catalog";
import { creditInitiator } from "@/lib/domain/initiator-credit";
import { METRICS, type MetricId } from "@/lib/domain/metric-queries";
import { summariseOperation } from "@/lib/domain/operation-status";
import { promotionCandidate, requestPromotionHref } from "@/lib/domain/promotion-candidates";
import { downsample, groupByLabel, latestValue, type RawSeries } from "@/lib/domain/series";
import {
  appTone,
  clusterTone,
  nodegroupTone,
  type SourceStatus,
  type Tone,
  workloadTone,
  worstTone,
} from "@/lib/domain/status-rollup";
import { versionPath } from "@/lib/domain/version-drift";
import type { AppStatus, Initiator } from "@/lib/integrations/argocd/api";
import type { ClusterStatus } from "@/lib/integrations/eks/api";
import type { WorkloadStatus } from "@/lib/integrations/kubernetes/api";
import type { PortalSyncsByTarget } from "@/lib/server/applications/portal-syncs";
import type { DriftFinding } from "@/lib/server/infra/overview";
import type { CacheRead } from "./swr-cache";
import type { Overview, OverviewCell, OverviewEnvironment } from "./types";

export interface PendingPromotion {
  application: string;
  toEnvironment: string;
  count: number;
}

export interface OverviewInputs {
  catalog: Catalog;
  argocd: CacheRead<AppStatus[]>;
  workloads: Record<string, CacheRead<WorkloadStatus[]>>;
  /** null value: EKS answered that the cluster does not exist. */
  clusters: Record<string, CacheRead<ClusterStatus | null>>;
  metrics: CacheRead<Partial<Record<MetricId, RawSeries[]>>>;
  promotions: CacheRead<PendingPromotion[]>;
  /** Drift per environment (lib/server/infra); without it no card shows a drift badge. */
  drift?: CacheRead<DriftFinding[]>;
  pollIntervalMs: number;
  commitUrl: (sha: string) => string | null;
  dashboardUrl: (env: OverviewEnvironment["name"], dashboardUid: string) => string | null;
  now: Date;
  /** Who started recent portal syncs (the audit log), to credit people instead of the portal's account. */
  portalSyncs?: CacheRead<PortalSyncsByTarget>;
  /** The portal's own Argo CD account ("portal"): operations it started are credited from portalSyncs. */
  portalAccount?: string;
}

export const SPARKLINE_POINTS = 30;

function source<T>(id: string, label: string, r: CacheRead<T>): SourceStatus {
  return { id, label, state: r.state, since: r.since, error: r.error };
}

/**
 * "Diego Developer (via portal)", "auto-sync" or Argo CD's user name. Without the audit log (not
 * wired, or unreadable) the portal's own account is shown as Argo CD reports it.
 */
function creditor(i: OverviewInputs, target: string) {
  const syncs = i.portalSyncs?.value;
  return (by: Initiator, startedAt: string | null): string => {
    if (!syncs || !i.portalAccount) return by.kind === "automated" ? "auto-sync" : by.username;
    return creditInitiator(by, startedAt, { portalAccount: i.portalAccount, portalSyncs: syncs[target] ?? [] });
  };
}

export function buildOverview(i: OverviewInputs): Overview {
  const { catalog } = i;
  const byArgoName = new Map((i.argocd.value ?? []).map((a) => [a.name, a]));
  const pending = new Map((i.promotions.value ?? []).map((p) => [`${p.application}/${p.toEnvironment}`, p.count]));
  const drifted = new Map(
    (i.drift?.value ?? []).flatMap((d) => (d.state === "drift" && d.runId ? [[d.environment, d.runId] as const] : [])),
  );

  const applications = catalog.applications.map((app) => {
    const cells: Record<string, OverviewCell> = {};
    for (const env of catalog.environments) {
      const argoName = app.argocdApps[env.name]!;
      const a = byArgoName.get(argoName);
      const w = i.workloads[env.name]?.value?.find((x) => x.application === app.name) ?? null;
      const workload = w
        ? { ready: w.readyReplicas, desired: w.desiredReplicas, restartsLastHour: w.restartsLastHour }
        : null;
      const credit = creditor(i, `${app.name}/${env.name}`);
      const tone: Tone = a
        ? worstTone([
            appTone({ syncStatus: a.syncStatus, health: a.health, operationPhase: a.operation?.phase }),
            ...(workload && workload.ready < workload.desired && a.health === "Healthy" ? (["warn"] as Tone[]) : []),
          ])
        : "neutral";
      cells[env.name] = {
        argoApp: argoName,
        syncStatus: a?.syncStatus ?? null,
        health: a?.health ?? null,
        healthMessage: a?.healthMessage ?? null,
        operationPhase: a?.operation?.phase ?? null,
        operation: summariseOperation(a?.operation),
        imageTag: a?.imageTag ?? null,
        revision: a?.revision ?? null,
        revisionUrl: a?.revision ? i.commitUrl(a.revision) : null,
        lastDeployAt: a?.lastDeploy?.deployedAt ?? null,
        lastDeployBy: a?.lastDeploy
          ? credit(a.lastDeploy.initiatedBy, a.lastDeploy.startedAt ?? a.lastDeploy.deployedAt)
          : null,
        operationBy: a?.operation ? credit(a.operation.initiatedBy, a.operation.startedAt) : null,
        workload,
        pendingPromotions: pending.get(`${app.name}/${env.name}`) ?? 0,
        pendingHref: `/promotions?application=${encodeURIComponent(app.name)}&environment=${encodeURIComponent(env.name)}&state=active`,
        behind: null,
        promoteHref: null,
        tone,
        href: `/applications/${encodeURIComponent(app.name)}/${encodeURIComponent(env.name)}`,
      };
    }
    // Behind-markers need every cell of the row: the previous environment's tag.
    for (const env of catalog.environments) {
      const cell = cells[env.name]!;
      cell.behind = promotionCandidate(catalog.promotionPath, env.name, (e) => cells[e]?.imageTag ?? null);
      cell.promoteHref = cell.behind ? requestPromotionHref(app.name, cell.behind) : null;
    }
    const versions = versionPath(catalog.promotionPath, (e) => cells[e]?.imageTag ?? null);
    return { name: app.name, description: app.description, cells, versions };
  });

  const metricSeries = i.metrics.value;
  const environments: OverviewEnvironment[] = catalog.environments.map((env) => {
    const cells = applications.map((a) => a.cells[env.name]!);
    const known = cells.filter((c) => c.syncStatus !== null);
    const wl = i.workloads[env.name]?.value ?? null;
    const clusterRead = i.clusters[env.name];
    const cluster = clusterRead?.value ?? null;
    // An answer ("no such cluster"), also when it is the last good one and the refresh now fails.
    const clusterAbsent = clusterRead !== undefined && clusterRead.state !== "missing" && clusterRead.value === null;
    const workloads = wl
      ? {
          ready: wl.reduce((n, w) => n + w.readyReplicas, 0),
          desired: wl.reduce((n, w) => n + w.desiredReplicas, 0),
          restartsLastHour: wl.reduce((n, w) => n + w.restartsLastHour, 0),
          deployments: wl.length,
          notReady: wl.filter((w) => w.readyReplicas < w.desiredReplicas).map((w) => w.name),
        }
      : null;
    const metrics = metricSeries
      ? METRICS.map((m) => {
          const points = groupByLabel(metricSeries[m.id] ?? [], "env").get(env.name) ?? [];
          return {
            id: m.id,
            label: m.label,
            unit: m.unit,
            latest: latestValue(points),
            points: downsample(points, SPARKLINE_POINTS),
          };
        })
      : null;
    const tone = worstTone([
      ...cells.map((c) => c.tone),
      ...(cluster
        ? [clusterTone(cluster.status), ...cluster.nodeGroups.map((n) => nodegroupTone(n.status, n.issues.length))]
        : []),
      ...(workloads ? [workloadTone(workloads)] : []),
    ]);
    return {
      name: env.name,
      displayName: env.displayName,
      namespace: env.namespace,
      autoSync: env.autoSync,
      tone,
      cluster,
      clusterAbsent: clusterAbsent ? { name: env.eksCluster } : null,
      workloads,
      apps: {
        total: cells.length,
        synced: known.filter((c) => c.syncStatus === "Synced").length,
        healthy: known.filter((c) => c.health === "Healthy").length,
        degraded: known.filter((c) => c.health === "Degraded").length,
        outOfSync: known.filter((c) => c.syncStatus === "OutOfSync").length,
      },
      failedSyncs: applications.flatMap((a) => {
        const c = a.cells[env.name]!;
        return c.operation?.failed
          ? [{ application: a.name, href: c.href, text: c.operation.text, by: c.operationBy }]
          : [];
      }),
      metrics,
      grafanaUrl: i.dashboardUrl(env.name, env.grafanaDashboardUid),
      drift: drifted.has(env.name)
        ? { runId: drifted.get(env.name)!, href: `/infrastructure/runs/${drifted.get(env.name)!}` }
        : null,
    };
  });

  const sources: SourceStatus[] = [
    source("argocd", "Argo CD", i.argocd),
    ...catalog.environments.map((e) => source(`kubernetes:${e.name}`, `Kubernetes ${e.name}`, i.workloads[e.name]!)),
    ...catalog.environments.map((e) => source(`eks:${e.name}`, `EKS ${e.name}`, i.clusters[e.name]!)),
    source("grafana", "Grafana metrics", i.metrics),
    source("promotions", "Promotions", i.promotions),
    ...(i.portalSyncs ? [source("audit", "Audit log", i.portalSyncs)] : []),
  ];

  return {
    generatedAt: i.now.toISOString(),
    pollIntervalMs: i.pollIntervalMs,
    sources,
    environments,
    applications,
  };
}
