// Renders world AppInstances as Argo CD v1alpha1 objects (Application, ApplicationTree,
// managed resources), shaped like the API server's JSON: empty fields omitted, RFC3339 times.
import { createHash } from "node:crypto";
import type { AppInstanceConfig } from "../world/catalog";
import type { AppInstance, AppPolicy, OperationRequest } from "../world/model";
import { imageOf, syncSelects } from "../world/model";
import type { Workload } from "../world/workload";
import type { ApplicationManifest, ApplicationSets } from "./applicationsets";

export interface RenderContext {
  /** The sandbox's GitOps repository, which replaces the templates' production repoURL. */
  repoURL: string;
  argocdNamespace: string;
  /** Project of an application no ApplicationSet declares. */
  project: string;
  /** infra/argocd/applicationsets; without it (or for an environment it lacks) a built-in template. */
  appsets?: ApplicationSets;
}

/** Built-in template, shaped like infra/argocd/applicationsets, for environments they do not cover. */
function fallbackManifest(a: AppInstanceConfig, ctx: RenderContext): ApplicationManifest {
  return {
    metadata: { name: a.argoName, labels: {}, annotations: {} },
    spec: {
      project: ctx.project,
      source: {
        repoURL: ctx.repoURL,
        path: a.chartPath,
        targetRevision: "main",
        helm: {
          releaseName: a.app,
          valueFiles: [
            a.valuesPath.startsWith(`${a.chartPath}/`)
              ? a.valuesPath.slice(a.chartPath.length + 1)
              : `/${a.valuesPath}`,
          ],
        },
      },
      destination: { name: a.cluster, namespace: a.namespace },
      syncPolicy: a.autoSync
        ? { automated: { prune: true, selfHeal: true }, syncOptions: ["CreateNamespace=true"] }
        : { syncOptions: ["CreateNamespace=true"] },
    },
  };
}

/**
 * The Application as generated for this instance: the ApplicationSet's template with the sandbox's
 * repository URL and the labels the portal maps by (nura.io/application, nura.io/environment).
 */
export function manifestOf(a: AppInstanceConfig, ctx: RenderContext): ApplicationManifest {
  const m = ctx.appsets?.render(a.env, a.app) ?? fallbackManifest(a, ctx);
  return {
    metadata: {
      name: a.argoName,
      labels: {
        "app.kubernetes.io/part-of": "nura",
        ...m.metadata.labels,
        "nura.io/application": a.app,
        "nura.io/environment": a.env,
      },
      annotations: m.metadata.annotations,
    },
    spec: { ...m.spec, source: { ...m.spec.source, repoURL: ctx.repoURL } },
  };
}

/** What the world's controller needs from the spec (sync policy, retry, history limit). */
export function policyOf(a: AppInstanceConfig, ctx: RenderContext): AppPolicy {
  const { spec } = manifestOf(a, ctx);
  const sp = spec.syncPolicy ?? {};
  return {
    targetRevision: spec.source.targetRevision || "HEAD",
    autoSync: Boolean(sp.automated),
    autoPrune: Boolean(sp.automated?.prune),
    syncOptions: sp.syncOptions ?? [],
    retry: sp.retry,
    // Argo CD keeps 10 entries unless revisionHistoryLimit says otherwise.
    historyLimit: spec.revisionHistoryLimit ?? 10,
  };
}

export function source(a: AppInstance, ctx: RenderContext) {
  return manifestOf(a, ctx).spec.source;
}

export function projectOf(a: AppInstanceConfig, ctx: RenderContext): string {
  return manifestOf(a, ctx).spec.project;
}

/** An Operation as the API shows it (v1alpha1.Operation: sync, initiatedBy, retry). */
function renderOperation(r: OperationRequest, src: Record<string, unknown>): Record<string, unknown> {
  const sync: Record<string, unknown> = { revision: r.revision, source: src };
  if (r.prune) sync.prune = true;
  if (r.dryRun) sync.dryRun = true;
  if (r.syncStrategy) sync.syncStrategy = r.syncStrategy;
  if (r.syncOptions.length) sync.syncOptions = r.syncOptions;
  if (r.resources?.length) sync.resources = r.resources;
  const retry: Record<string, unknown> = {};
  if (r.retry?.limit) retry.limit = r.retry.limit;
  if (r.retry?.backoff) retry.backoff = r.retry.backoff;
  return { sync, initiatedBy: initiator(r.initiatedBy), retry };
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
  const manifest = manifestOf(a, ctx);
  const src = manifest.spec.source;
  const op = a.operation;
  const status: Record<string, unknown> = {
    resources: managedResources(a),
    sync: {
      status: a.syncStatus,
      comparedTo: { source: src, destination: manifest.spec.destination },
      revision: a.headRevision,
    },
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
    const state: Record<string, unknown> = {
      operation: renderOperation(op.request, src),
      phase: op.phase,
      message: op.message,
      startedAt: op.startedAt,
    };
    if (op.finishedAt) state.finishedAt = op.finishedAt;
    if (op.retryCount) state.retryCount = op.retryCount;
    if (op.resultRevision) {
      state.syncResult = {
        resources: managedResources(a)
          .filter((r) => syncSelects(op.request, r))
          .map((r) => ({
            group: r.group ?? "",
            version: r.version,
            kind: r.kind,
            namespace: r.namespace,
            name: r.name,
            status: "Synced",
            message: `${r.kind.toLowerCase()}${r.group ? `.${r.group}` : ""}/${r.name} ${op.request.dryRun ? "configured (dry run)" : "configured"}`,
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
  const metadata: Record<string, unknown> = {
    name: a.argoName,
    namespace: ctx.argocdNamespace,
    uid: uid(a.argoName),
    resourceVersion: String(a.resourceVersion),
    generation: 1,
    creationTimestamp: a.createdAt,
    labels: manifest.metadata.labels,
  };
  if (Object.keys(manifest.metadata.annotations).length) metadata.annotations = manifest.metadata.annotations;
  metadata.finalizers = ["resources-finalizer.argocd.argoproj.io"];
  const app: Record<string, unknown> = { metadata, spec: manifest.spec, status };
  // `.operation` holds a request from the moment the server accepts it until the controller completes it.
  if (a.requested) app.operation = renderOperation(a.requested, src);
  return app;
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
