// Argo CD port in domain terms: what the portal asks Argo CD and what it gets back.
export const SYNC_STATUSES = ["Synced", "OutOfSync", "Unknown"] as const;
export type SyncStatus = (typeof SYNC_STATUSES)[number];
export const HEALTH_STATUSES = ["Healthy", "Progressing", "Degraded", "Suspended", "Missing", "Unknown"] as const;
export type HealthStatus = (typeof HEALTH_STATUSES)[number];
export const OPERATION_PHASES = ["Running", "Terminating", "Failed", "Error", "Succeeded"] as const;
export type OperationPhase = (typeof OPERATION_PHASES)[number];

/** Who started a deploy or an operation: a user name, or "automated" for auto-sync. */
export type Initiator = { kind: "user"; username: string } | { kind: "automated" };

export interface DeployRecord {
  id: number;
  revision: string;
  deployedAt: string;
  startedAt: string | null;
  initiatedBy: Initiator;
}

export interface OperationState {
  phase: OperationPhase;
  message: string;
  startedAt: string;
  finishedAt: string | null;
  revision: string | null;
  initiatedBy: Initiator;
  /** Resources the sync touched so far, and how many of them are done (Synced/Pruned). */
  resourcesTotal: number;
  resourcesDone: number;
}

export interface RequestedOperation {
  /** The revision Argo CD resolved the request to (a commit SHA), when it names one. */
  revision: string | null;
  initiatedBy: Initiator;
}

export interface AppStatus {
  /** Argo CD application name (e.g. nura-core-prod). */
  name: string;
  project: string;
  /** Catalog application / environment from the app's labels, when present. */
  application: string | null;
  environment: string | null;
  syncStatus: SyncStatus;
  /** Git revision the app is compared against / synced to. */
  revision: string | null;
  health: HealthStatus;
  healthMessage: string | null;
  images: string[];
  /** Image tag of the first image (the one the catalog's imageTagPath sets). */
  imageTag: string | null;
  autoSync: boolean;
  lastDeploy: DeployRecord | null;
  /** status.operationState: the operation Argo CD's controller runs or ran last. */
  operation: OperationState | null;
  /**
   * The Application's `.operation`: a sync or rollback Argo CD accepted and has not completed. Right
   * after the request it is set while `operation` still shows nothing (real Argo CD clears
   * operationState and fills it only when its controller picks the request up). Null when idle;
   * optional only so hand-made fixtures need not spell it.
   */
  requestedOperation?: RequestedOperation | null;
  history: DeployRecord[];
  reconciledAt: string | null;
}

export interface ResourceNode {
  kind: string;
  name: string;
  namespace: string | null;
  group: string | null;
  /** The API version ("v1"), which GET …/resource needs. */
  version?: string;
  uid: string;
  parentUids: string[];
  health: HealthStatus | null;
  healthMessage: string | null;
  images: string[];
  info: { name: string; value: string }[];
  createdAt: string | null;
}

/** One resource of a selective sync (Argo CD's SyncOperationResource). */
export interface SyncResource {
  group: string;
  kind: string;
  name: string;
  namespace: string;
}

/** "group/kind/namespace/name": one resource's identity within an application. */
export const resourceKey = (r: SyncResource) => `${r.group}/${r.kind}/${r.namespace}/${r.name}`;

export interface SyncRequest {
  revision?: string;
  prune?: boolean;
  dryRun?: boolean;
  /** Sync only these resources (Argo CD's "selected resources"); all when absent. */
  resources?: SyncResource[];
}

/** Redeploy the revision of one history entry (Argo CD refuses it while auto-sync is on). */
export interface RollbackRequest {
  id: number;
  prune?: boolean;
  dryRun?: boolean;
}

/** A managed resource with its desired (git) and live manifests, as JSON text (managed-resources). */
export interface ManagedResource {
  group: string;
  kind: string;
  namespace: string;
  name: string;
  /** Rendered from git; null when the resource is not in git any more (would be pruned). */
  targetState: string | null;
  /** As normalised by Argo CD for comparison; null when it does not exist in the cluster. */
  liveState: string | null;
  modified: boolean;
  hook: boolean;
}

/** A Kubernetes event about one resource of an application (GET …/events). */
export interface ResourceEvent {
  type: string;
  reason: string;
  message: string;
  count: number;
  firstSeen: string | null;
  lastSeen: string | null;
  objectKind: string;
  objectName: string;
}

export interface LogQuery {
  podName: string;
  namespace: string;
  container?: string;
  /** Last N lines (Argo CD's tailLines). */
  tailLines: number;
  /** Only lines newer than this (RFC 3339), for "follow" by repeated reads. */
  sinceTime?: string;
}

export interface LogLine {
  podName: string;
  content: string;
  timeStamp: string | null;
}

export interface ArgoCdApi {
  /** All applications in one call (the overview's only Argo CD read). */
  listApplications(): Promise<AppStatus[]>;
  getApplication(name: string): Promise<AppStatus>;
  getResourceTree(name: string): Promise<ResourceNode[]>;
  /** Starts a sync; Argo CD answers at once, progress shows in `operation`. */
  sync(name: string, request?: SyncRequest): Promise<AppStatus>;
  /** Asks Argo CD to re-read git and compare now (normal or hard refresh). */
  refresh(name: string, mode?: "normal" | "hard"): Promise<AppStatus>;
  /** Starts a sync to a history entry's revision; progress shows in `operation`. */
  rollback(name: string, request: RollbackRequest): Promise<AppStatus>;
  /** Asks Argo CD to terminate the running operation (DELETE …/operation). */
  terminateOperation(name: string): Promise<void>;
  /** Desired and live manifests of every managed resource (GET …/managed-resources). */
  managedResources(name: string): Promise<ManagedResource[]>;
  /**
   * The live manifest (JSON text) of any resource in the application's tree, managed or not
   * (GET …/resource); null when Argo CD sends none.
   */
  liveResource(name: string, ref: SyncResource & { version: string }): Promise<string | null>;
  /** Kubernetes events of one resource of the application (GET …/events). */
  resourceEvents(
    name: string,
    ref: { resourceName: string; resourceNamespace: string; resourceUID: string },
  ): Promise<ResourceEvent[]>;
  /** The last lines of one pod's log (GET …/logs, follow=false). */
  podLogs(name: string, query: LogQuery): Promise<LogLine[]>;
}
