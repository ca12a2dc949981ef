// Kubernetes port in domain terms: workloads, pods and warning events of one environment.

export interface WorkloadStatus {
  /** Deployment name. */
  name: string;
  /** app.kubernetes.io/name label (the catalog application), else the Deployment name. */
  application: string;
  desiredReplicas: number;
  readyReplicas: number;
  updatedReplicas: number;
  availableReplicas: number;
  /** Container restarts observed in the last hour (see restartsWithin). */
  restartsLastHour: number;
  /** Progressing=False (ProgressDeadlineExceeded) or Available=False message, else null. */
  problem: string | null;
  images: string[];
}

export interface PodStatus {
  name: string;
  application: string;
  phase: string;
  ready: boolean;
  restarts: number;
  /** Waiting/terminated reason of the first non-running container (CrashLoopBackOff…). */
  reason: string | null;
  node: string | null;
  startedAt: string | null;
  images: string[];
}

export interface KubeEvent {
  type: "Normal" | "Warning";
  reason: string;
  message: string;
  objectKind: string;
  objectName: string;
  count: number;
  lastSeen: string | null;
}

export interface KubernetesApi {
  /** Deployments of the environment's namespace with readiness and restarts (two list calls). */
  listWorkloads(env: string, namespace: string): Promise<WorkloadStatus[]>;
  listPods(env: string, namespace: string, application?: string): Promise<PodStatus[]>;
  listWarningEvents(env: string, namespace: string): Promise<KubeEvent[]>;
}
