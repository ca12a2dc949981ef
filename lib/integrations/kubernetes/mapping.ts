// Kubernetes objects → domain types. Pure; unit-tested with recorded objects.
import type { KubeEvent, PodStatus, WorkloadStatus } from "./api";
import type { WireDeployment, WireEvent, WirePod } from "./schemas";

export const APP_NAME_LABEL = "app.kubernetes.io/name";

const toIso = (t: Date | string | null | undefined): string | null =>
  t == null ? null : t instanceof Date ? t.toISOString() : t;
const toMs = (t: Date | string | null | undefined): number | null => {
  const iso = toIso(t);
  if (!iso) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
};

/**
 * Restarts in the last hour of one pod. The API keeps only a lifetime restartCount, so: a pod that
 * started within the hour counts all its restarts; an older pod counts its restarts only when its
 * last termination happened within the hour (then at least 1). Prometheus'
 * increase(kube_pod_container_status_restarts_total[1h]) is exact where kube-state-metrics runs.
 */
export function restartsWithin(pod: WirePod, now: number, windowMs = 3_600_000): number {
  const started = toMs(pod.status?.startTime ?? pod.metadata.creationTimestamp);
  let total = 0;
  for (const c of pod.status?.containerStatuses ?? []) {
    if (c.restartCount <= 0) continue;
    if (started !== null && now - started <= windowMs) total += c.restartCount;
    else {
      const lastEnd = toMs(c.lastState?.terminated?.finishedAt);
      if (lastEnd !== null && now - lastEnd <= windowMs) total += 1;
    }
  }
  return total;
}

export function mapPod(p: WirePod): PodStatus {
  const statuses = p.status?.containerStatuses ?? [];
  const notRunning = statuses.find((c) => !c.ready);
  const reason = notRunning?.state?.waiting?.reason ?? notRunning?.state?.terminated?.reason ?? null;
  return {
    name: p.metadata.name,
    application: p.metadata.labels?.[APP_NAME_LABEL] ?? p.metadata.name,
    phase: p.status?.phase ?? "Unknown",
    ready: statuses.length > 0 && statuses.every((c) => c.ready),
    restarts: statuses.reduce((n, c) => n + c.restartCount, 0),
    reason,
    node: p.spec?.nodeName ?? null,
    startedAt: toIso(p.status?.startTime ?? p.metadata.creationTimestamp),
    images: (p.spec?.containers ?? []).map((c) => c.image ?? "").filter(Boolean),
  };
}

export function mapWorkloads(deployments: WireDeployment[], pods: WirePod[], now = Date.now()): WorkloadStatus[] {
  const restartsByApp = new Map<string, number>();
  for (const p of pods) {
    const app = p.metadata.labels?.[APP_NAME_LABEL];
    if (app) restartsByApp.set(app, (restartsByApp.get(app) ?? 0) + restartsWithin(p, now));
  }
  return deployments.map((d) => {
    const application = d.metadata.labels?.[APP_NAME_LABEL] ?? d.metadata.name;
    const s = d.status ?? {};
    const conditions = s.conditions ?? [];
    const stuck = conditions.find((c) => c.type === "Progressing" && c.status === "False");
    const unavailable = conditions.find((c) => c.type === "Available" && c.status === "False");
    return {
      name: d.metadata.name,
      application,
      desiredReplicas: d.spec?.replicas ?? 1,
      readyReplicas: s.readyReplicas ?? 0,
      updatedReplicas: s.updatedReplicas ?? 0,
      availableReplicas: s.availableReplicas ?? 0,
      restartsLastHour: restartsByApp.get(application) ?? 0,
      problem: (stuck ?? unavailable)?.message ?? null,
      images: (d.spec?.template?.spec?.containers ?? []).map((c) => c.image ?? "").filter(Boolean),
    };
  });
}

export function mapEvent(e: WireEvent): KubeEvent {
  return {
    type: e.type === "Warning" ? "Warning" : "Normal",
    reason: e.reason ?? "",
    message: e.message ?? "",
    objectKind: e.involvedObject.kind ?? "",
    objectName: e.involvedObject.name ?? "",
    count: e.count ?? 1,
    lastSeen: toIso(e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp),
  };
}
