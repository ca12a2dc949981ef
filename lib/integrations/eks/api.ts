// EKS port in domain terms: one environment's cluster and its managed node groups.
export const CLUSTER_STATES = ["CREATING", "ACTIVE", "DELETING", "FAILED", "UPDATING", "PENDING"] as const;
export type ClusterState = (typeof CLUSTER_STATES)[number] | "UNKNOWN";
export const NODEGROUP_STATES = [
  "CREATING",
  "ACTIVE",
  "UPDATING",
  "DELETING",
  "CREATE_FAILED",
  "DELETE_FAILED",
  "DEGRADED",
] as const;
export type NodegroupState = (typeof NODEGROUP_STATES)[number] | "UNKNOWN";

export interface HealthIssue {
  code: string;
  message: string;
}

export interface NodeGroupStatus {
  name: string;
  status: NodegroupState;
  desiredSize: number | null;
  minSize: number | null;
  maxSize: number | null;
  instanceTypes: string[];
  capacityType: string | null;
  version: string | null;
  issues: HealthIssue[];
}

export interface ClusterStatus {
  name: string;
  region: string;
  status: ClusterState;
  version: string | null;
  platformVersion: string | null;
  createdAt: string | null;
  issues: HealthIssue[];
  nodeGroups: NodeGroupStatus[];
}

export interface EksApi {
  /**
   * DescribeCluster + ListNodegroups + DescribeNodegroup for each, in parallel where possible. null when
   * EKS answers that the cluster does not exist (ResourceNotFoundException): an answer, not an outage —
   * an environment whose cluster OpenTofu has not created yet.
   */
  describeCluster(name: string, region: string): Promise<ClusterStatus | null>;
}
