// Zod schemas of Argo CD's wire format (v1alpha1 Application, ApplicationTree): only the fields the
// portal reads; unknown enum values fall back to "Unknown" rather than failing the whole list.
import { z } from "zod";
import { HEALTH_STATUSES, OPERATION_PHASES, SYNC_STATUSES } from "./api";

const initiatedBy = z.object({ username: z.string().optional(), automated: z.boolean().optional() }).optional();
const health = z.object({ status: z.string().optional(), message: z.string().optional() }).optional();

export const historyEntrySchema = z.object({
  id: z.number().int(),
  revision: z.string().optional(),
  revisions: z.array(z.string()).optional(),
  deployedAt: z.string(),
  deployStartedAt: z.string().optional(),
  initiatedBy,
});

export const operationStateSchema = z.object({
  operation: z.object({ sync: z.object({ revision: z.string().optional() }).optional(), initiatedBy }).optional(),
  phase: z.string(),
  message: z.string().optional(),
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  syncResult: z
    .object({
      revision: z.string().optional(),
      resources: z.array(z.object({ status: z.string().optional(), kind: z.string(), name: z.string() })).nullish(),
    })
    .optional(),
});

const operationSchema = z.object({ sync: z.object({ revision: z.string().optional() }).optional(), initiatedBy });

export const applicationSchema = z.object({
  metadata: z.object({
    name: z.string(),
    labels: z.record(z.string(), z.string()).optional(),
  }),
  /** Set by the API server on sync/rollback, cleared by the controller when the operation completes. */
  operation: operationSchema.optional(),
  spec: z
    .object({
      project: z.string().optional(),
      syncPolicy: z
        .object({ automated: z.object({}).loose().optional() })
        .loose()
        .optional(),
    })
    .loose()
    .optional(),
  status: z
    .object({
      sync: z.object({ status: z.string().optional(), revision: z.string().optional() }).optional(),
      health,
      history: z.array(historyEntrySchema).nullish(),
      operationState: operationStateSchema.optional(),
      summary: z.object({ images: z.array(z.string()).nullish() }).optional(),
      reconciledAt: z.string().optional(),
    })
    .optional(),
});
export type WireApplication = z.infer<typeof applicationSchema>;

export const applicationListSchema = z.object({ items: z.array(applicationSchema).nullable() });

export const resourceTreeSchema = z.object({
  nodes: z
    .array(
      z.object({
        kind: z.string(),
        name: z.string(),
        namespace: z.string().optional(),
        group: z.string().optional(),
        version: z.string().optional(),
        uid: z.string(),
        parentRefs: z.array(z.object({ uid: z.string().optional() })).nullish(),
        health,
        images: z.array(z.string()).nullish(),
        info: z.array(z.object({ name: z.string(), value: z.string() })).nullish(),
        createdAt: z.string().optional(),
      }),
    )
    .nullish(),
});
export type WireResourceTree = z.infer<typeof resourceTreeSchema>;

/** GET …/resource (argo-cd ApplicationResourceResponse): the live object as JSON text. */
export const resourceManifestSchema = z.object({ manifest: z.string().optional() });

export const managedResourcesSchema = z.object({
  items: z
    .array(
      z.object({
        group: z.string().optional(),
        kind: z.string(),
        namespace: z.string().optional(),
        name: z.string(),
        targetState: z.string().optional(),
        liveState: z.string().optional(),
        normalizedLiveState: z.string().optional(),
        modified: z.boolean().optional(),
        hook: z.boolean().optional(),
      }),
    )
    .nullish(),
});
export type WireManagedResources = z.infer<typeof managedResourcesSchema>;

/** A v1 EventList as Argo CD's …/events returns it. */
export const eventListSchema = z.object({
  items: z
    .array(
      z.object({
        type: z.string().optional(),
        reason: z.string().optional(),
        message: z.string().optional(),
        count: z.number().int().optional(),
        firstTimestamp: z.string().nullish(),
        lastTimestamp: z.string().nullish(),
        eventTime: z.string().nullish(),
        involvedObject: z.object({ kind: z.string().optional(), name: z.string().optional() }).optional(),
      }),
    )
    .nullish(),
});
export type WireEventList = z.infer<typeof eventListSchema>;

/** One line of …/logs: newline-delimited {"result": LogEntry} objects (a gRPC-gateway stream). */
export const logStreamLineSchema = z.object({
  result: z
    .object({
      content: z.string().optional(),
      podName: z.string().optional(),
      timeStamp: z.string().optional(),
      last: z.boolean().optional(),
    })
    .optional(),
  error: z.object({ message: z.string().optional() }).optional(),
});

export const errorBodySchema = z.object({
  message: z.string().optional(),
  error: z.string().optional(),
  code: z.number().optional(),
});

export const isSyncStatus = (s: string | undefined) => (SYNC_STATUSES as readonly string[]).includes(s ?? "");
export const isHealthStatus = (s: string | undefined) => (HEALTH_STATUSES as readonly string[]).includes(s ?? "");
export const isOperationPhase = (s: string | undefined) => (OPERATION_PHASES as readonly string[]).includes(s ?? "");
