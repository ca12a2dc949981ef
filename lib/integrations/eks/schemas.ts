// Zod schemas of the EKS responses the portal reads, as @aws-sdk/client-eks returns them
// (createdAt is a Date from the SDK, epoch seconds on the wire — both accepted).
import { z } from "zod";

const time = z.union([z.date(), z.string(), z.number()]).nullish();
const issues = z
  .object({
    issues: z
      .array(
        z.object({
          code: z.string().nullish(),
          message: z.string().nullish(),
          resourceIds: z.array(z.string()).nullish(),
        }),
      )
      .nullish(),
  })
  .nullish();

export const clusterSchema = z.object({
  name: z.string(),
  status: z.string().nullish(),
  version: z.string().nullish(),
  platformVersion: z.string().nullish(),
  createdAt: time,
  health: issues,
});
export type WireCluster = z.infer<typeof clusterSchema>;

export const describeClusterSchema = z.object({ cluster: clusterSchema });
export const listNodegroupsSchema = z.object({
  nodegroups: z.array(z.string()).nullish(),
  nextToken: z.string().nullish(),
});

export const nodegroupSchema = z.object({
  nodegroupName: z.string(),
  status: z.string().nullish(),
  version: z.string().nullish(),
  capacityType: z.string().nullish(),
  instanceTypes: z.array(z.string()).nullish(),
  scalingConfig: z
    .object({ minSize: z.number().nullish(), maxSize: z.number().nullish(), desiredSize: z.number().nullish() })
    .nullish(),
  health: issues,
});
export type WireNodegroup = z.infer<typeof nodegroupSchema>;
export const describeNodegroupSchema = z.object({ nodegroup: nodegroupSchema });
