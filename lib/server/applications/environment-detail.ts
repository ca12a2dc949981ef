import "server-only";
// The environment page's own sections beside the overview's card and application matrix:
// nodes hosting the namespace's pods, the namespace's Warning events, the promotions into the
// environment and its infrastructure runs. Reads only, each source on its own so one failing
// upstream leaves the others on the page (and says so).
import { findEnvironment, getCatalog } from "@/lib/catalog";
import { getDb } from "@/lib/db";
import { notFound } from "@/lib/http/errors";
import { getIntegrations } from "@/lib/integrations";
import type { KubeEvent } from "@/lib/integrations/kubernetes/api";

export interface NodeUse {
  node: string;
  pods: number;
  notReady: number;
  applications: string[];
}

export interface EnvironmentDetail {
  nodes: NodeUse[] | { error: string };
  events: KubeEvent[] | { error: string };
  promotions: {
    id: string;
    application: string;
    fromEnvironment: string;
    imageTag: string;
    status: string;
    requester: string;
    createdAt: string;
  }[];
  runs: { id: string; kind: string; status: string; trigger: string; requestedBy: string | null; createdAt: string }[];
}

const failed = (err: unknown) => ({ error: err instanceof Error ? err.message : String(err) });

/** Pods per node, from the namespace's pods (the portal reads pods, not the cluster's node list). */
export function nodesOf(pods: { node: string | null; ready: boolean; application?: string | null }[]): NodeUse[] {
  const by = new Map<string, NodeUse>();
  for (const p of pods) {
    const name = p.node ?? "(not scheduled)";
    const n = by.get(name) ?? { node: name, pods: 0, notReady: 0, applications: [] };
    n.pods++;
    if (!p.ready) n.notReady++;
    if (p.application && !n.applications.includes(p.application)) n.applications.push(p.application);
    by.set(name, n);
  }
  return [...by.values()].sort((a, b) => a.node.localeCompare(b.node));
}

export async function getEnvironmentDetail(envName: string): Promise<EnvironmentDetail> {
  const env = findEnvironment(await getCatalog(), envName);
  if (!env) throw notFound(`Unknown environment "${envName}"`);
  const { kubernetes } = getIntegrations();
  const db = await getDb();
  const [nodes, events, promotions, runs] = await Promise.all([
    kubernetes
      .listPods(env.name, env.namespace)
      .then((pods) => nodesOf(pods.map((p) => ({ node: p.node, ready: p.ready, application: p.application }))))
      .catch(failed),
    kubernetes
      .listWarningEvents(env.name, env.namespace)
      .then((e) => e.slice(0, 20))
      .catch(failed),
    db.promotion.findMany({
      where: { toEnvironment: env.name },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: 10,
      select: {
        id: true,
        application: true,
        fromEnvironment: true,
        imageTag: true,
        status: true,
        requesterName: true,
        requesterEmail: true,
        createdAt: true,
      },
    }),
    db.infraRun.findMany({
      where: { environment: env.name },
      orderBy: { createdAt: "desc" },
      take: 10,
      select: { id: true, kind: true, status: true, trigger: true, requestedBy: true, createdAt: true },
    }),
  ]);
  return {
    nodes,
    events,
    promotions: promotions.map((p) => ({
      id: p.id,
      application: p.application,
      fromEnvironment: p.fromEnvironment,
      imageTag: p.imageTag,
      status: p.status,
      requester: p.requesterName || p.requesterEmail || "someone",
      createdAt: p.createdAt.toISOString(),
    })),
    runs: runs.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })),
  };
}
