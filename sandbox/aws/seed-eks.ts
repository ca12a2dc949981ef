// Seeds moto with one EKS cluster per environment and its "system" and "application" node
// groups, through @aws-sdk/client-eks exactly as the portal's EKS adapter will call it.
// Environments the sandbox builds with OpenTofu (sandbox/main.ts: dev, when the toolchain is there)
// are not seeded: their cluster is the one `tofu apply` creates through the portal's Infrastructure
// page, under the same name (nura-dev), so a seeded stand-in would make that apply fail with
// ResourceInUseException. Until the first apply the overview shows that cluster as missing.
import {
  CreateClusterCommand,
  CreateNodegroupCommand,
  DescribeClusterCommand,
  EKSClient,
  ResourceNotFoundException,
} from "@aws-sdk/client-eks";
import type { Catalog } from "@/lib/catalog";

export const SANDBOX_AWS = { accessKeyId: "sandbox", secretAccessKey: "sandbox-secret", accountId: "123456789012" };

export function eksClient(endpoint: string, region: string): EKSClient {
  return new EKSClient({
    endpoint,
    region,
    credentials: { accessKeyId: SANDBOX_AWS.accessKeyId, secretAccessKey: SANDBOX_AWS.secretAccessKey },
    maxAttempts: 2,
  });
}

const NODE_GROUPS = [
  {
    name: "system",
    instanceTypes: ["m6i.large"],
    scaling: { minSize: 2, maxSize: 3, desiredSize: 2 },
    capacityType: "ON_DEMAND" as const,
  },
  {
    name: "application",
    instanceTypes: ["m6i.xlarge", "m6a.xlarge"],
    scaling: { minSize: 2, maxSize: 10, desiredSize: 3 },
    capacityType: "ON_DEMAND" as const,
  },
];

export async function seedEks(endpoint: string, catalog: Catalog, skip: readonly string[] = []): Promise<void> {
  // Environments are independent: seed them in parallel (moto's first EKS call is slow).
  await Promise.all(
    catalog.environments.filter((env) => !skip.includes(env.name)).map((env) => seedEnvironment(endpoint, env)),
  );
}

async function seedEnvironment(endpoint: string, env: Catalog["environments"][number]): Promise<void> {
  {
    const client = eksClient(endpoint, env.awsRegion);
    try {
      await client.send(new DescribeClusterCommand({ name: env.eksCluster }));
      return;
    } catch (err) {
      if (!(err instanceof ResourceNotFoundException)) throw err;
    }
    const account = SANDBOX_AWS.accountId;
    const subnets = [1, 2, 3].map((i) => `subnet-0${env.name.length}${i}sandbox${i}`);
    await client.send(
      new CreateClusterCommand({
        name: env.eksCluster,
        version: "1.33",
        roleArn: `arn:aws:iam::${account}:role/${env.eksCluster}-cluster`,
        resourcesVpcConfig: {
          subnetIds: subnets,
          endpointPrivateAccess: true,
          endpointPublicAccess: env.name !== "prod",
        },
        tags: { "nura.io/environment": env.name, "managed-by": "opentofu" },
      }),
    );
    for (const ng of NODE_GROUPS) {
      await client.send(
        new CreateNodegroupCommand({
          clusterName: env.eksCluster,
          nodegroupName: ng.name,
          nodeRole: `arn:aws:iam::${account}:role/${env.eksCluster}-${ng.name}-node`,
          subnets,
          instanceTypes: ng.instanceTypes,
          capacityType: ng.capacityType,
          scalingConfig: env.name === "prod" || ng.name === "system" ? ng.scaling : { ...ng.scaling, desiredSize: 2 },
          labels: { "nura.io/node-group": ng.name },
          tags: { "nura.io/environment": env.name },
        }),
      );
    }
  }
}
