// One resource of an application, for the panel beside the tree: desired (git) and live manifests
// with their diff (managed resources only; a ReplicaSet or Pod has no desired state of its own, and
// its live manifest comes from GET …/resource),
// its Kubernetes events, and a pod's log tail. Every read is Argo CD's API (managed-resources,
// events, logs), so the page shows what Argo CD shows, under the portal's account.

import type { Catalog } from "@/lib/catalog";
import { type DiffLine, manifestDiff, manifestYaml } from "@/lib/domain/manifest-diff";
import { notFound } from "@/lib/http/errors";
import type { ArgoCdApi, LogLine, ResourceEvent, SyncResource } from "@/lib/integrations/argocd/api";
import { resolveAppEnv } from "./detail";

export interface ResourceView {
  resource: SyncResource & { uid: string; health: string | null };
  managed: boolean;
  modified: boolean;
  desired: string | null;
  live: string | null;
  diff: DiffLine[];
  events: ResourceEvent[];
}

export interface ResourceViewDeps {
  argocd: Pick<ArgoCdApi, "getResourceTree" | "managedResources" | "liveResource" | "resourceEvents" | "podLogs">;
  catalog: () => Promise<Catalog>;
}

async function findNode(deps: ResourceViewDeps, argoApp: string, ref: SyncResource) {
  const tree = await deps.argocd.getResourceTree(argoApp);
  const node = tree.find(
    (n) =>
      n.kind === ref.kind &&
      n.name === ref.name &&
      (n.group ?? "") === ref.group &&
      (n.namespace ?? "") === ref.namespace,
  );
  if (!node) {
    throw notFound(
      `${ref.kind} "${ref.name}" is not a resource of ${argoApp} (it has: ${tree
        .map((n) => `${n.kind}/${n.name}`)
        .slice(0, 12)
        .join(", ")})`,
    );
  }
  return node;
}

export async function getResourceView(
  deps: ResourceViewDeps,
  application: string,
  environment: string,
  ref: SyncResource,
): Promise<ResourceView> {
  const { argoApp } = resolveAppEnv(await deps.catalog(), application, environment);
  const node = await findNode(deps, argoApp, ref);
  const [managed, events] = await Promise.all([
    deps.argocd.managedResources(argoApp),
    deps.argocd.resourceEvents(argoApp, {
      resourceName: node.name,
      resourceNamespace: node.namespace ?? "",
      resourceUID: node.uid,
    }),
  ]);
  const m = managed.find(
    (r) => r.kind === ref.kind && r.name === ref.name && r.group === ref.group && r.namespace === ref.namespace,
  );
  const desired = manifestYaml(m?.targetState ?? null);
  const live = manifestYaml(
    m ? m.liveState : await deps.argocd.liveResource(argoApp, { ...ref, version: node.version ?? "v1" }),
  );
  return {
    resource: { ...ref, uid: node.uid, health: node.health },
    managed: Boolean(m),
    modified: m?.modified ?? false,
    desired,
    live,
    diff: m ? manifestDiff(live, desired) : [],
    events,
  };
}

export async function getPodLog(
  deps: ResourceViewDeps,
  application: string,
  environment: string,
  q: { pod: string; tail: number; since?: string },
): Promise<LogLine[]> {
  const { argoApp, env } = resolveAppEnv(await deps.catalog(), application, environment);
  const node = await findNode(deps, argoApp, { group: "", kind: "Pod", namespace: env.namespace, name: q.pod });
  return deps.argocd.podLogs(argoApp, {
    podName: node.name,
    namespace: node.namespace ?? env.namespace,
    tailLines: q.tail,
    sinceTime: q.since,
  });
}
