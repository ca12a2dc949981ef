// The application × environment page's JSON (GET /api/applications/{app}/{env}). Plain data only.
import type { PortalSync } from "@/lib/domain/initiator-credit";
import type { TimeRangeKey } from "@/lib/domain/metric-queries";
import type { Point } from "@/lib/domain/series";
import type { SourceStatus } from "@/lib/domain/status-rollup";
import type { AppStatus, ResourceNode } from "@/lib/integrations/argocd/api";
import type { RevisionInfo } from "@/lib/integrations/git/api";
import type { KubeEvent, PodStatus } from "@/lib/integrations/kubernetes/api";

/** History rows the page shows (newest first); only their revisions are looked up in git. */
export const HISTORY_ROWS = 10;

export interface DetailMetric {
  id: string;
  label: string;
  unit: "rps" | "ratio" | "seconds";
  latest: number | null;
  points: Point[];
}

export interface ApplicationDetail {
  application: string;
  description: string;
  environment: string;
  environmentName: string;
  namespace: string;
  argoApp: string;
  autoSync: boolean;
  generatedAt: string;
  range: TimeRangeKey;
  sources: SourceStatus[];
  status: AppStatus | null;
  resources: ResourceNode[] | null;
  pods: PodStatus[] | null;
  events: KubeEvent[] | null;
  metrics: DetailMetric[] | null;
  grafanaUrl: string | null;
  commitUrlTemplate: string | null;
  /** The portal's Argo CD account: operations under it were started through the portal. */
  portalAccount: string;
  /** Syncs people started through the portal (audit log), to credit them (lib/domain/initiator-credit). */
  portalSyncs: PortalSync[];
  /** The history rows' revisions in the GitOps repository: tag deployed and commit subject, by SHA. */
  revisions: Record<string, RevisionInfo>;
  /** Why they could not be read (the rows then show the revision only); null when they could. */
  revisionsError: string | null;
}

export interface ArgoActionResult {
  action: "sync" | "refresh" | "rollback" | "terminate";
  /** "started": Argo CD accepted an operation whose outcome is recorded when it ends. */
  outcome: "started" | "done";
  status: AppStatus;
  /** The audit event recorded before Argo CD was called (its outcome event follows it). */
  auditIntentSeq: string;
}
