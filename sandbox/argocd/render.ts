// Renders world AppInstances as Argo CD v1alpha1 objects (Application, ApplicationTree,
// managed resources), shaped like the API server's JSON: empty fields omitted, RFC3339 times.
import { createHash } from "node:crypto";
import type { AppInstance } from "../world/model";
import { imageOf } from "../world/model";
import type { Workload } from "../world/workload";

export interface RenderContext {
  repoURL: string;
  argocdNamespace: string;
  project: string;
}

export function source(a: AppInstance, ctx: RenderContext) {
  return {
    repoURL: ctx.repoURL,
    path: a.chartPath,
    // Same shape as infra/argocd/applicationsets: branch main, release named after the chart.
    targetRevision: "main",
    helm: {
      releaseName: a.app,
      valueFiles: [
        a.valuesPath.startsWith(`${a.chartPath}/`) ? a.valuesPath.slice(a.chartPath.length + 1) : `/${a.valuesPath}`,
      ],
    },
  };
}

function initiator(i: { username?: string; automated?: boolean }) {
  return i.automated ? { automated: true } : { username: i.username ?? "admin" };
}

function managedResources(a: AppInstance) {
  const health = a.health.status;
  return [
    {
      version: "v1",
      kind: "Service",
      namespace: a.namespace,
      name: a.app,
      status: a.syncStatus,
      health: { status: "Healthy" },
    },
    {
      group: "apps",
      version: "v1",
      kind: "Deployment",
      namespace: a.namespace,
      name: a.app,
      status: a.syncStatus,
      health: { status: health, ...(a.health.message ? { message: a.health.message } : {}) },
    },
  ];
}

export function renderApplication(a: AppInstance, ctx: RenderContext): Record<string, unknown> {
  const src = source(a, ctx);
  const op = a.operation;
  const status: Record<string, unknown> = {
    resources: managedResources(a),
    sync: { status: a.syncStatus, comparedTo: { source: src, destination: destination(a) }, revision: a.headRevision },
    health: { status: a.health.status, lastTransitionTime: a.health.lastTransitionTime },
    history: a.history.map((h) => ({
      revision: h.revision,
      deployedAt: h.deployedAt,
      id: h.id,
      source: src,
      deployStartedAt: h.deployStartedAt,
      initiatedBy: initiator(h.initiatedBy),
    })),
    reconciledAt: a.reconciledAt,
    sourceType: "Helm",
    summary: { images: [imageOf(a.live)] },
    resourceHealthSource: "appTree",
    controllerNamespace: ctx.argocdNamespace,
    sourceTypes: ["Helm"],
  };
  if (a.health.message) (status.health as Record<string, unknown>).message = a.health.message;
  if (op) {
    const syncOp: Record<string, unknown> = { revision: op.revision, syncStrategy: { hook: {} } };
    if (op.prune) syncOp.prune = true;
    if (op.dryRun) syncOp.dryRun = true;
    const state: Record<string, unknown> = {
      operation: { sync: syncOp, initiatedBy: initiator(op.initiatedBy), retry: {} },
      phase: op.phase,
      message: op.message,
      startedAt: op.startedAt,
    };
    if (op.finishedAt) state.finishedAt = op.finishedAt;
    if (op.resultRevision) {
      state.syncResult = {
        resources: managedResources(a).map((r) => ({
          group: r.group ?? "",
          version: r.version,
          kind: r.kind,
          namespace: r.namespace,
          name: r.name,
          status: "Synced",
          message: `${r.kind.toLowerCase()}${r.group ? `.${r.group}` : ""}/${r.name} ${op.dryRun ? "configured (dry run)" : "configured"}`,
          hookPhase: "Running",
          syncPhase: "Sync",
          ...(r.kind === "Deployment" ? { images: op.resultImages } : {}),
        })),
        revision: op.resultRevision,
        source: src,
      };
    }
    status.operationState = state;
  }
  const app: Record<string, unknown> = {
    metadata: {
      name: a.argoName,
      namespace: ctx.argocdNamespace,
      uid: uid(a.argoName),
      resourceVersion: String(a.resourceVersion),
      generation: 1,
      creationTimestamp: a.createdAt,
      labels: {
        "app.kubernetes.io/part-of": "nura",
        "nura.io/application": a.app,
        "nura.io/environment": a.env,
      },
      annotations: { "nura.io/values-file": a.valuesPath },
      finalizers: ["resources-finalizer.argocd.argoproj.io"],
    },
    spec: {
      source: src,
      destination: destination(a),
      project: ctx.project,
      syncPolicy: a.autoSync
        ? { automated: { prune: true, selfHeal: true }, syncOptions: ["CreateNamespace=true"] }
        : { syncOptions: ["CreateNamespace=true"] },
    },
    status,
  };
  // While an operation runs the Application carries it in .operation, like the real CR.
  if (op && (op.phase === "Running" || op.phase === "Terminating")) {
    app.operation = (status.operationState as Record<string, unknown>).operation;
  }
  return app;
}

function destination(a: AppInstance) {
  return { name: a.cluster, namespace: a.namespace };
}

export function uid(seed: string): string {
  const h = createHash("sha1").update(seed).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function renderResourceTree(a: AppInstance, { pods, replicaSets }: Workload) {
  const deployUid = uid(`${a.argoName}/deploy`);
  const nodes: Record<string, unknown>[] = [
    {
      version: "v1",
      kind: "Service",
      namespace: a.namespace,
      name: a.app,
      uid: uid(`${a.argoName}/svc`),
      resourceVersion: "1",
      health: { status: "Healthy" },
      networkingInfo: { targetLabels: { "app.kubernetes.io/name": a.app } },
      createdAt: a.createdAt,
    },
    {
      group: "apps",
      version: "v1",
      kind: "Deployment",
      namespace: a.namespace,
      name: a.app,
      uid: deployUid,
      resourceVersion: String(a.resourceVersion),
      health: { status: a.health.status, ...(a.health.message ? { message: a.health.message } : {}) },
      info: [{ name: "Revision", value: `Rev:${a.history.length}` }],
      images: [imageOf(a.live)],
      createdAt: a.createdAt,
    },
  ];
  for (const rs of replicaSets) {
    nodes.push({
      group: "apps",
      version: "v1",
      kind: "ReplicaSet",
      namespace: a.namespace,
      name: rs.name,
      uid: uid(`${a.argoName}/${rs.name}`),
      resourceVersion: String(a.resourceVersion),
      parentRefs: [{ group: "apps", kind: "Deployment", namespace: a.namespace, name: a.app, uid: deployUid }],
      health: { status: rs.replicas > 0 ? a.health.status : "Healthy" },
      images: [rs.image],
      createdAt: rs.createdAt,
    });
  }
  for (const p of pods) {
    nodes.push({
      version: "v1",
      kind: "Pod",
      namespace: a.namespace,
      name: p.name,
      uid: uid(`${a.argoName}/${p.name}`),
      resourceVersion: String(a.resourceVersion),
      parentRefs: [
        { group: "apps", kind: "ReplicaSet", namespace: a.namespace, name: p.rs, uid: uid(`${a.argoName}/${p.rs}`) },
      ],
      info: [
        { name: "Status Reason", value: p.reason ?? p.phase },
        { name: "Containers", value: `${p.ready ? 1 : 0}/1` },
        ...(p.restarts > 0 ? [{ name: "Restart Count", value: String(p.restarts) }] : []),
      ],
      health: { status: p.ready ? "Healthy" : p.reason === "CrashLoopBackOff" ? "Degraded" : "Progressing" },
      images: [p.image],
      createdAt: p.createdAt,
    });
  }
  return { nodes };
}
