// EKS responses → domain types. Pure; tested with recorded payloads, including the degraded
// states moto never produces (UPDATING/FAILED clusters, DEGRADED node groups, health issues).
import {
  CLUSTER_STATES,
  type ClusterState,
  type ClusterStatus,
  type HealthIssue,
  NODEGROUP_STATES,
  type NodeGroupStatus,
  type NodegroupState,
} from "./api";
import type { WireCluster, WireNodegroup } from "./schemas";

function mapIssues(h: WireCluster["health"]): HealthIssue[] {
  return (h?.issues ?? []).map((i) => ({
    code: i.code ?? "Unknown",
    message: [i.message ?? "", i.resourceIds?.length ? `(${i.resourceIds.join(", ")})` : ""].filter(Boolean).join(" "),
  }));
}

function toIso(t: Date | string | number | null | undefined): string | null {
  if (t == null) return null;
  if (t instanceof Date) return t.toISOString();
  if (typeof t === "number") return new Date(t * 1000).toISOString();
  return t;
}

export function mapNodegroup(n: WireNodegroup): NodeGroupStatus {
  const status = (NODEGROUP_STATES as readonly string[]).includes(n.status ?? "")
    ? (n.status as NodegroupState)
    : "UNKNOWN";
  return {
    name: n.nodegroupName,
    status,
    desiredSize: n.scalingConfig?.desiredSize ?? null,
    minSize: n.scalingConfig?.minSize ?? null,
    maxSize: n.scalingConfig?.maxSize ?? null,
    instanceTypes: n.instanceTypes ?? [],
    capacityType: n.capacityType ?? null,
    version: n.version ?? null,
    issues: mapIssues(n.health),
  };
}

export function mapCluster(c: WireCluster, region: string, nodegroups: WireNodegroup[]): ClusterStatus {
  const status = (CLUSTER_STATES as readonly string[]).includes(c.status ?? "")
    ? (c.status as ClusterState)
    : "UNKNOWN";
  return {
    name: c.name,
    region,
    status,
    version: c.version ?? null,
    platformVersion: c.platformVersion ?? null,
    createdAt: toIso(c.createdAt),
    issues: mapIssues(c.health),
    nodeGroups: nodegroups.map(mapNodegroup).sort((a, b) => a.name.localeCompare(b.name)),
  };
}
