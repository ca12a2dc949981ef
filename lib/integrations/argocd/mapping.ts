// Argo CD wire objects → the portal's domain types. Pure; unit-tested with recorded payloads.
import { IntegrationError } from "@/lib/http/errors";
import type {
  AppStatus,
  DeployRecord,
  HealthStatus,
  Initiator,
  LogLine,
  ManagedResource,
  OperationPhase,
  OperationState,
  ResourceEvent,
  ResourceNode,
  SyncStatus,
} from "./api";
import {
  isHealthStatus,
  isOperationPhase,
  isSyncStatus,
  logStreamLineSchema,
  type WireApplication,
  type WireEventList,
  type WireManagedResources,
  type WireResourceTree,
} from "./schemas";

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
    ...(n.version ? { version: n.version } : {}),
    uid: n.uid,
    parentUids: (n.parentRefs ?? []).map((p) => p.uid).filter((u): u is string => Boolean(u)),
    health: n.health?.status ? ((isHealthStatus(n.health.status) ? n.health.status : "Unknown") as HealthStatus) : null,
    healthMessage: n.health?.message ?? null,
    images: n.images ?? [],
    info: n.info ?? [],
    createdAt: n.createdAt ?? null,
  }));
}

/** A manifest as Argo CD sends it: JSON text, where an absent object is "null" or empty. */
const manifestText = (s: string | null | undefined) => (s && s !== "null" ? s : null);

export function mapManagedResources(m: WireManagedResources): ManagedResource[] {
  return (m.items ?? []).map((r) => ({
    group: r.group ?? "",
    kind: r.kind,
    namespace: r.namespace ?? "",
    name: r.name,
    targetState: manifestText(r.targetState),
    // normalizedLiveState is what Argo CD compares (defaults and ignored fields removed).
    liveState: manifestText(r.normalizedLiveState ?? r.liveState),
    modified: r.modified ?? false,
    hook: r.hook ?? false,
  }));
}

export function mapEvents(list: WireEventList): ResourceEvent[] {
  return (list.items ?? [])
    .map((e) => ({
      type: e.type ?? "Normal",
      reason: e.reason ?? "",
      message: e.message ?? "",
      count: e.count ?? 1,
      firstSeen: e.firstTimestamp ?? e.eventTime ?? null,
      lastSeen: e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? null,
      objectKind: e.involvedObject?.kind ?? "",
      objectName: e.involvedObject?.name ?? "",
    }))
    .sort((a, b) => (b.lastSeen ?? "").localeCompare(a.lastSeen ?? ""));
}

/**
 * …/logs answers newline-delimited `{"result": LogEntry}` objects (the gRPC-gateway stream format,
 * also with follow=false); an `{"error": …}` line ends the stream with Argo CD's reason.
 */
export function parseLogStream(text: string): LogLine[] {
  const lines: LogLine[] = [];
  for (const raw of text.split("\n")) {
    if (!raw.trim()) continue;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      throw new IntegrationError("argocd", 200, `podLogs: unexpected response line: ${raw.slice(0, 80)}`);
    }
    const parsed = logStreamLineSchema.safeParse(json);
    if (!parsed.success) throw new IntegrationError("argocd", 200, "podLogs: unexpected response line shape");
    if (parsed.data.error)
      throw new IntegrationError("argocd", 200, `podLogs: ${parsed.data.error.message ?? "stream error"}`);
    const r = parsed.data.result;
    if (!r || r.last) continue;
    lines.push({ podName: r.podName ?? "", content: r.content ?? "", timeStamp: r.timeStamp ?? null });
  }
  return lines;
}

/** Argo CD answers 403 for an application that does not exist (unless ?project= is given). */
export function describeArgoError(status: number, body: unknown): string {
  const b = (body ?? {}) as { message?: string; error?: string };
  const msg = b.message || b.error || `HTTP ${status}`;
  return msg;
}
