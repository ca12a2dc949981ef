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

export interface Operation {
  phase: OperationPhase;
  message: string;
  startedAt: string;
  finishedAt?: string;
  revision: string;
  prune: boolean;
  dryRun: boolean;
  initiatedBy: Initiator;
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
  createdAt: string;
  headRevision: string;
  desired: Release;
  live: Release;
  syncStatus: SyncStatus;
  health: { status: HealthStatus; message?: string; lastTransitionTime: string };
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
