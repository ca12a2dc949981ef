import { describe, expect, it } from "vitest";
import { upstreamExample } from "@/tests/integrations/upstream-examples";
import { mapCluster, mapNodegroup } from "./mapping";
import { describeClusterSchema, describeNodegroupSchema } from "./schemas";

// First source: AWS's own documented DescribeCluster example (the cluster "devel", as boto3's reference
// prints it; in contracts/examples/eks, origin in contracts/README.md), as rest-json carries it: epoch seconds.
describe("EKS mapping on AWS's DescribeCluster example", () => {
  it("maps the documented cluster: ACTIVE, version, createdAt from epoch seconds, no issues", () => {
    const { cluster } = describeClusterSchema.parse(upstreamExample("eks/describe-cluster-devel.json"));
    expect(mapCluster(cluster, "us-west-2", [])).toEqual({
      name: "devel",
      region: "us-west-2",
      status: "ACTIVE",
      version: "1.10",
      platformVersion: null,
      createdAt: "2018-05-31T23:04:39.988Z",
      issues: [],
      nodeGroups: [],
    });
  });
});

// Second source: recorded DescribeCluster/DescribeNodegroup bodies (rest-json, moto). moto always answers
// ACTIVE with no health, so the degraded ones are written from AWS's documented shapes (the botocore
// model's ClusterHealth/NodegroupHealth); AWS documents no DescribeNodegroup example.
const activeCluster = {
  cluster: {
    name: "nura-prod",
    status: "ACTIVE",
    version: "1.33",
    platformVersion: "eks.4",
    createdAt: 1795738601.849,
  },
};
const updatingCluster = {
  cluster: {
    name: "nura-staging",
    status: "UPDATING",
    version: "1.32",
    createdAt: new Date("2026-01-02T03:04:05Z"),
    health: {
      issues: [{ code: "SubnetNotFound", message: "One or more subnets were deleted.", resourceIds: ["subnet-0abc"] }],
    },
  },
};
const degradedNodegroup = {
  nodegroup: {
    nodegroupName: "application",
    status: "DEGRADED",
    version: "1.32",
    capacityType: "SPOT",
    instanceTypes: ["m6i.xlarge"],
    scalingConfig: { minSize: 2, maxSize: 10, desiredSize: 4 },
    health: {
      issues: [
        {
          code: "AsgInstanceLaunchFailures",
          message: "Could not launch Spot Instances.",
          resourceIds: ["eks-application-1"],
        },
      ],
    },
  },
};

describe("EKS mapping", () => {
  it("maps an ACTIVE cluster with epoch-seconds createdAt and sorted node groups", () => {
    const ngs = [
      describeNodegroupSchema.parse({
        nodegroup: {
          nodegroupName: "system",
          status: "ACTIVE",
          scalingConfig: { minSize: 2, maxSize: 3, desiredSize: 2 },
        },
      }).nodegroup,
      describeNodegroupSchema.parse(degradedNodegroup).nodegroup,
    ];
    const c = mapCluster(describeClusterSchema.parse(activeCluster).cluster, "eu-west-1", ngs);
    expect(c).toMatchObject({ name: "nura-prod", status: "ACTIVE", version: "1.33", region: "eu-west-1", issues: [] });
    expect(c.createdAt).toBe("2026-11-27T00:16:41.849Z");
    expect(c.nodeGroups.map((n) => n.name)).toEqual(["application", "system"]);
  });

  it("keeps the degraded states and health issues moto cannot produce", () => {
    const c = mapCluster(describeClusterSchema.parse(updatingCluster).cluster, "eu-west-1", []);
    expect(c.status).toBe("UPDATING");
    expect(c.createdAt).toBe("2026-01-02T03:04:05.000Z");
    expect(c.issues).toEqual([{ code: "SubnetNotFound", message: "One or more subnets were deleted. (subnet-0abc)" }]);
    const ng = mapNodegroup(describeNodegroupSchema.parse(degradedNodegroup).nodegroup);
    expect(ng).toMatchObject({ status: "DEGRADED", desiredSize: 4, minSize: 2, maxSize: 10, capacityType: "SPOT" });
    expect(ng.issues[0]!.code).toBe("AsgInstanceLaunchFailures");
  });

  it("maps states it does not know to UNKNOWN and failed node groups as such", () => {
    expect(mapCluster({ name: "x", status: "EXPLODING" }, "eu-west-1", []).status).toBe("UNKNOWN");
    expect(mapNodegroup({ nodegroupName: "n", status: "CREATE_FAILED" }).status).toBe("CREATE_FAILED");
    expect(mapNodegroup({ nodegroupName: "n" })).toMatchObject({ status: "UNKNOWN", desiredSize: null });
  });
});
