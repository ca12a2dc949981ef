// The jobs the portal knows: each domain registers its handlers once (at import of its jobs
// module), so the queue can create their queues and the workers know what to run. Pure
// bookkeeping, no I/O: kept apart from the queue so it is unit-testable.
import type { z } from "zod";

export interface JobContext {
  jobId: string;
  /** 0 on the first run, then 1, 2… for each retry (a crashed worker's job counts as one). */
  attempt: number;
  /** Aborted when the worker stops (graceful shutdown) or the job expires. */
  signal: AbortSignal;
}

export type JobHandler<P> = (payload: P, ctx: JobContext) => Promise<void>;

export interface JobOptions {
  /** Retries after the first failure (default 5). */
  retryLimit?: number;
  /** First retry delay in seconds; doubles with jitter each retry (default 2). */
  retryDelaySeconds?: number;
  /** Upper bound of the backoff delay in seconds (default 300). */
  retryDelayMaxSeconds?: number;
  /**
   * A running job whose worker stops heart-beating for this long is handed to another worker
   * (default 15; at least 10). This is what resumes work after a portal process is killed.
   */
  heartbeatSeconds?: number;
  /** A running job may take at most this long before it is retried (default 600). */
  expireInSeconds?: number;
  /** Jobs of this name one process runs at once (default 2). */
  localConcurrency?: number;
  /**
   * pg-boss queue policy, fixed when the queue is created (default "standard"). With a singletonKey:
   * "stately" = at most one queued and one running job per key; "key_strict_fifo" = jobs of one key
   * run one after the other in order (a failed one holds back its successors).
   */
  policy?: "standard" | "stately" | "exclusive" | "key_strict_fifo";
}

export interface JobDefinition<P = unknown> extends Required<JobOptions> {
  name: string;
  schema: z.ZodType<P>;
  handler: JobHandler<P>;
}

/** Queue names: lowercase words separated by dots or dashes ("promotion.execute"). */
export const JOB_NAME = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$/;

export const DEFAULT_JOB_OPTIONS: Required<JobOptions> = {
  retryLimit: 5,
  retryDelaySeconds: 2,
  retryDelayMaxSeconds: 300,
  heartbeatSeconds: 15,
  expireInSeconds: 600,
  localConcurrency: 2,
  policy: "standard",
};

const holder = globalThis as unknown as { __nuraJobs?: Map<string, JobDefinition<never>> };
const definitions = (): Map<string, JobDefinition<never>> => {
  holder.__nuraJobs ??= new Map();
  return holder.__nuraJobs;
};

/**
 * Registers the handler of a job. The payload is validated with `schema` when it is enqueued and
 * again when it runs (a job written by an older release must still parse). Registering the same
 * name twice replaces the handler (hot reload), never adds a second one.
 */
export function registerJob<P>(
  name: string,
  schema: z.ZodType<P>,
  handler: JobHandler<P>,
  options: JobOptions = {},
): JobDefinition<P> {
  if (!JOB_NAME.test(name)) throw new Error(`job name "${name}" must match ${JOB_NAME}`);
  const def: JobDefinition<P> = { ...DEFAULT_JOB_OPTIONS, ...options, name, schema, handler };
  if (def.heartbeatSeconds < 10) throw new Error(`job ${name}: heartbeatSeconds must be at least 10`);
  definitions().set(name, def as unknown as JobDefinition<never>);
  return def;
}

export function getJobDefinition(name: string): JobDefinition<unknown> {
  const def = definitions().get(name);
  if (!def) {
    throw new Error(`job "${name}" is not registered: import the module that calls registerJob("${name}", …)`);
  }
  return def as unknown as JobDefinition<unknown>;
}

export function listJobDefinitions(): JobDefinition<unknown>[] {
  return [...definitions().values()] as unknown as JobDefinition<unknown>[];
}

/** Test isolation only. */
export function clearJobRegistry(): void {
  definitions().clear();
}
