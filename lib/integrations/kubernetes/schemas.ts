// Zod schemas of the Kubernetes objects the portal reads, as @kubernetes/client-node returns them
// (date-time fields arrive as Date objects; raw JSON carries strings — both are accepted).
import { z } from "zod";

const time = z.union([z.date(), z.string()]).nullish();
const labels = z.record(z.string(), z.string()).nullish();
const containers = z.array(z.object({ name: z.string(), image: z.string().nullish() }));

export const deploymentSchema = z.object({
  metadata: z.object({ name: z.string(), labels }),
  spec: z
    .object({
      replicas: z.number().nullish(),
      template: z.object({ spec: z.object({ containers }).nullish() }).nullish(),
    })
    .nullish(),
  status: z
    .object({
      replicas: z.number().nullish(),
      readyReplicas: z.number().nullish(),
      updatedReplicas: z.number().nullish(),
      availableReplicas: z.number().nullish(),
      conditions: z
        .array(
          z.object({
            type: z.string(),
            status: z.string(),
            reason: z.string().nullish(),
            message: z.string().nullish(),
          }),
        )
        .nullish(),
    })
    .nullish(),
});
export type WireDeployment = z.infer<typeof deploymentSchema>;

const containerState = z
  .object({
    waiting: z.object({ reason: z.string().nullish() }).nullish(),
    terminated: z.object({ reason: z.string().nullish(), finishedAt: time }).nullish(),
    running: z.object({ startedAt: time }).nullish(),
  })
  .nullish();

export const podSchema = z.object({
  metadata: z.object({ name: z.string(), labels, creationTimestamp: time }),
  spec: z.object({ nodeName: z.string().nullish(), containers }).nullish(),
  status: z
    .object({
      phase: z.string().nullish(),
      startTime: time,
      containerStatuses: z
        .array(
          z.object({
            name: z.string(),
            ready: z.boolean(),
            restartCount: z.number(),
            image: z.string().nullish(),
            state: containerState,
            lastState: containerState,
          }),
        )
        .nullish(),
    })
    .nullish(),
});
export type WirePod = z.infer<typeof podSchema>;

export const eventSchema = z.object({
  type: z.string().nullish(),
  reason: z.string().nullish(),
  message: z.string().nullish(),
  count: z.number().nullish(),
  lastTimestamp: time,
  eventTime: time,
  firstTimestamp: time,
  involvedObject: z.object({ kind: z.string().nullish(), name: z.string().nullish() }),
});
export type WireEvent = z.infer<typeof eventSchema>;

export const listOf = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    metadata: z.object({ _continue: z.string().nullish(), continue: z.string().nullish() }).nullish(),
  });
