// The overview's JSON (GET /api/overview, server prefetch, client polling). Plain data only.

import type { MetricId } from "@/lib/domain/metric-queries";
import type { OperationSummary } from "@/lib/domain/operation-status";
import type { PromotionCandidate } from "@/lib/domain/promotion-candidates";
import type { Point } from "@/lib/domain/series";
import type { SourceStatus, Tone } from "@/lib/domain/status-rollup";
import type { VersionStep } from "@/lib/domain/version-drift";
import type { ClusterStatus } from "@/lib/integrations/eks/api";

export interface OverviewCell {
  argoApp: string;
  syncStatus: string | null;
  health: string | null;
  healthMessage: string | null;
  operationPhase: string | null;
  /** The current or last operation in words (failed, syncing n/m…); null when none ran. */
  operation: OperationSummary | null;
  imageTag: string | null;
  revision: string | null;
  revisionUrl: string | null;
  lastDeployAt: string | null;
  /** Who started the last deploy: a person ("Ana Approver (via portal)"), "auto-sync" or Argo CD's user. */
  lastDeployBy: string | null;
  /** Who started the current or last operation, credited the same way. */
  operationBy: string | null;
  workload: { ready: number; desired: number; restartsLastHour: number } | null;
  pendingPromotions: number;
  /** The history filtered to this cell's promotions still in flight. */
  pendingHref: string;
  /** Set when the previous environment runs a newer tag: what to promote here, and where to ask. */
  behind: PromotionCandidate | null;
  promoteHref: string | null;
  tone: Tone;
  href: string;
}

export interface OverviewApplication {
  name: string;
  description: string;
  cells: Record<string, OverviewCell>;
  /** Image tags along the promotion path, each compared with the environment before it. */
  versions: VersionStep[];
}

export interface EnvironmentMetric {
  id: MetricId;
  label: string;
  unit: "rps" | "ratio" | "seconds";
  latest: number | null;
  points: Point[];
}

export interface OverviewEnvironment {
  name: string;
  displayName: string;
  namespace: string;
  autoSync: boolean;
  tone: Tone;
  cluster: ClusterStatus | null;
  /** EKS says the cluster does not exist (yet): OpenTofu's apply creates it. null when it exists or is unknown. */
  clusterAbsent: { name: string } | null;
  workloads: {
    ready: number;
    desired: number;
    restartsLastHour: number;
    deployments: number;
    notReady: string[];
  } | null;
  apps: { total: number; synced: number; healthy: number; degraded: number; outOfSync: number };
  /** Applications whose last sync failed or errored, with Argo CD's message in words. */
  failedSyncs: { application: string; href: string; text: string; by: string | null }[];
  metrics: EnvironmentMetric[] | null;
  grafanaUrl: string | null;
  /** The last drift check found changes that no apply has made since: the run that found them. */
  drift: { runId: string; href: string } | null;
}

export interface Overview {
  generatedAt: string;
  pollIntervalMs: number;
  sources: SourceStatus[];
  environments: OverviewEnvironment[];
  applications: OverviewApplication[];
}
