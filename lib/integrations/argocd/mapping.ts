// Argo CD wire objects → the portal's domain types. Pure; unit-tested with recorded payloads.
import type {
  AppStatus,
  DeployRecord,
  HealthStatus,
  Initiator,
  OperationPhase,
  OperationState,
  ResourceNode,
  SyncStatus,
} from "./api";
import { isHealthStatus, isOperationPhase, isSyncStatus, type WireApplication, type WireResourceTree } from "./schemas";

export const APP_LABEL = "nura.io/application";
export const ENV_LABEL = "nura.io/environment";

function initiator(i: { username?: string; automated?: boolean } | undefined): Initiator {
  if (i?.automated) return { kind: "automated" };
  return { kind: "user", username: i?.username || "unknown" };
}

export function imageTagOf(image: string): string | null {
  // registry:5000/repo/name:tag@sha256:… → tag; no tag → null
  const withoutDigest = image.split("@")[0] ?? image;
  const lastSlash = withoutDigest.lastIndexOf("/");
  const colon = withoutDigest.indexOf(":", lastSlash + 1);
  return colon >= 0 ? withoutDigest.slice(colon + 1) || null : null;
}

function mapHistory(h: NonNullable<NonNullable<WireApplication["status"]>["history"]>): DeployRecord[] {
  return h
    .map((e) => ({
      id: e.id,
      revision: e.revision ?? e.revisions?.[0] ?? "",
      deployedAt: e.deployedAt,
      startedAt: e.deployStartedAt ?? null,
      initiatedBy: initiator(e.initiatedBy),
    }))
    .sort((a, b) => b.id - a.id);
}

function mapOperation(op: NonNullable<NonNullable<WireApplication["status"]>["operationState"]>): OperationState {
  const resources = op.syncResult?.resources ?? [];
  return {
    phase: (isOperationPhase(op.phase) ? op.phase : "Error") as OperationPhase,
    message: op.message ?? "",
    startedAt: op.startedAt,
    finishedAt: op.finishedAt ?? null,
    revision: op.syncResult?.revision ?? op.operation?.sync?.revision ?? null,
    initiatedBy: initiator(op.operation?.initiatedBy),
    resourcesTotal: resources.length,
    resourcesDone: resources.filter((r) => r.status === "Synced" || r.status === "Pruned").length,
  };
}

export function mapApplication(a: WireApplication): AppStatus {
  const s = a.status ?? {};
  const history = mapHistory(s.history ?? []);
  const images = s.summary?.images ?? [];
  const labels = a.metadata.labels ?? {};
  return {
    name: a.metadata.name,
    project: a.spec?.project ?? "default",
    application: labels[APP_LABEL] ?? null,
    environment: labels[ENV_LABEL] ?? null,
    syncStatus: (isSyncStatus(s.sync?.status) ? s.sync?.status : "Unknown") as SyncStatus,
    revision: s.sync?.revision ?? null,
    health: (isHealthStatus(s.health?.status) ? s.health?.status : "Unknown") as HealthStatus,
    healthMessage: s.health?.message ?? null,
    images,
    imageTag: images[0] ? imageTagOf(images[0]) : null,
    autoSync: Boolean(a.spec?.syncPolicy?.automated),
    lastDeploy: history[0] ?? null,
    operation: s.operationState ? mapOperation(s.operationState) : null,
    requestedOperation: a.operation
      ? { revision: a.operation.sync?.revision || null, initiatedBy: initiator(a.operation.initiatedBy) }
      : null,
    history,
    reconciledAt: s.reconciledAt ?? null,
  };
}

export function mapResourceTree(t: WireResourceTree): ResourceNode[] {
  return (t.nodes ?? []).map((n) => ({
    kind: n.kind,
    name: n.name,
    namespace: n.namespace ?? null,
    group: n.group || null,
    uid: n.uid,
    parentUids: (n.parentRefs ?? []).map((p) => p.uid).filter((u): u is string => Boolean(u)),
    health: n.health?.status ? ((isHealthStatus(n.health.status) ? n.health.status : "Unknown") as HealthStatus) : null,
    healthMessage: n.health?.message ?? null,
    images: n.images ?? [],
    info: n.info ?? [],
    createdAt: n.createdAt ?? null,
  }));
}

/** Argo CD answers 403 for an application that does not exist (unless ?project= is given). */
export function describeArgoError(status: number, body: unknown): string {
  const b = (body ?? {}) as { message?: string; error?: string };
  const msg = b.message || b.error || `HTTP ${status}`;
  return msg;
}
