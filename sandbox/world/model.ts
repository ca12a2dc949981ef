// The shared world model: one AppInstance per application × environment. Argo CD, Kubernetes
// and the workload exporter are all views of these objects, which keeps the world coherent.
import type { AppInstanceConfig } from "./catalog";

export type SyncStatus = "Synced" | "OutOfSync" | "Unknown";
export type HealthStatus = "Healthy" | "Progressing" | "Degraded" | "Suspended" | "Missing" | "Unknown";
export type OperationPhase = "Running" | "Terminating" | "Failed" | "Error" | "Succeeded";

export interface Release {
  tag: string;
  repository: string;
  replicas: number;
  fingerprint: string;
  /** The commit the values were read at. */
  revision: string;
}

export interface Initiator {
  username?: string;
  automated?: boolean;
}

export interface HistoryEntry {
  id: number;
  revision: string;
  deployStartedAt: string;
  deployedAt: string;
  initiatedBy: Initiator;
  tag: string;
}

/** spec.syncPolicy.retry of an Application (durations as Argo CD writes them: "10s", "3m"). */
export interface RetryStrategy {
  limit: number;
  backoff?: { duration?: string; factor?: number; maxDuration?: string };
}

/**
 * What the API server writes into the Application's top-level `.operation` on sync or rollback
 * (argo-cd util/argo SetAppOperation). The controller copies it into status.operationState once it
 * picks the request up, and clears `.operation` when the operation completes.
 */
export interface OperationRequest {
  /** The revision the server resolved the request to (a commit SHA). */
  revision: string;
  prune: boolean;
  dryRun: boolean;
  syncOptions: string[];
  /** The request's strategy as sent (`{hook:{force}}` / `{apply:{force}}`); rollback uses apply. */
  syncStrategy?: Record<string, unknown>;
  initiatedBy: Initiator;
  retry?: RetryStrategy;
  /**
   * The request's `resources` (a selective sync): only these are applied, and, as in Argo CD's
   * controller, a selective sync is not recorded in the history. Absent: every resource.
   */
  resources?: SyncResourceRef[];
  /** ms epoch of the request (the controller starts it pickup-delay later). */
  requestedAt: number;
}

/** One resource a sync request selects (argo-cd SyncOperationResource). */
export interface SyncResourceRef {
  group: string;
  kind: string;
  name: string;
  namespace: string;
}

/**
 * Whether a sync request applies this resource: every one when it names none, else those it names
 * (group "" is the core group; a named resource's empty namespace is the application's).
 */
export function syncSelects(
  request: Pick<OperationRequest, "resources">,
  r: { group?: string; kind: string; name: string; namespace: string },
): boolean {
  if (!request.resources?.length) return true;
  return request.resources.some(
    (s) =>
      s.kind === r.kind &&
      s.name === r.name &&
      s.group === (r.group ?? "") &&
      (s.namespace || r.namespace) === r.namespace,
  );
}

/** What an Application's spec says about syncing (from its ApplicationSet template). */
export interface AppPolicy {
  /** spec.source.targetRevision ("main"). */
  targetRevision: string;
  /** spec.syncPolicy.automated is set. */
  autoSync: boolean;
  /** spec.syncPolicy.automated.prune. */
  autoPrune: boolean;
  syncOptions: string[];
  retry?: RetryStrategy;
  /** spec.revisionHistoryLimit (Argo CD's default is 10). */
  historyLimit: number;
}

/** status.operationState: the operation as the controller runs it. */
export interface Operation {
  phase: OperationPhase;
  message: string;
  startedAt: string;
  finishedAt?: string;
  request: OperationRequest;
  retryCount: number;
  /** Set once resources were applied. */
  resultRevision?: string;
  resultImages?: string[];
}

export interface K8sEvent {
  uid: string;
  type: "Normal" | "Warning";
  reason: string;
  message: string;
  kind: "Deployment" | "ReplicaSet" | "Pod";
  name: string;
  firstTimestamp: string;
  lastTimestamp: string;
  count: number;
}

export interface Rollout {
  /** ms epoch when the new ReplicaSet started rolling out. */
  startedAt: number;
  previous?: Release;
}

export interface AppInstance extends AppInstanceConfig {
  policy: AppPolicy;
  createdAt: string;
  headRevision: string;
  desired: Release;
  live: Release;
  syncStatus: SyncStatus;
  health: { status: HealthStatus; message?: string; lastTransitionTime: string };
  /** The Application's `.operation`: requested and not yet completed. */
  requested?: OperationRequest;
  /** status.operationState: absent between a request and the controller picking it up. */
  operation?: Operation;
  history: HistoryEntry[];
  rollout?: Rollout;
  events: K8sEvent[];
  resourceVersion: number;
  reconciledAt: string;
}

/**
 * The sandbox's rule for a broken release: an image tag containing "bad" (case-insensitive),
 * e.g. 1.4.3-bad, rolls out pods that crash-loop, so the application ends Degraded.
 */
export function isBrokenTag(tag: string): boolean {
  return /bad/i.test(tag);
}

export function imageOf(r: Release): string {
  return `${r.repository}:${r.tag}`;
}
