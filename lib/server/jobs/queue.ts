// THE job queue of the portal: pg-boss on the portal's own database (docs/adr/0006-job-queue.md).
// One JobQueue per process. It creates a queue per registered job, enqueues through the caller's
// Prisma transaction (the job commits or rolls back with the state change that asked for it),
// and runs the handlers. Several processes on one PostgreSQL share the work: pg-boss fetches
// with SELECT … FOR UPDATE SKIP LOCKED, so a job runs in one process at a time, and a job whose
// worker stops heart-beating (a killed process) is retried by another.
import type { PGlite } from "@electric-sql/pglite";
import { fromPglite, fromPrisma, PgBoss } from "pg-boss";
import { pgConfigFromUrl } from "@/lib/db-adapter";
import { getJobDefinition, type JobDefinition, listJobDefinitions } from "./registry";

/** What the queue runs on: the PostgreSQL URL, or the embedded PGlite instance Prisma also uses. */
export type QueueDatabase = { kind: "postgres"; url: string } | { kind: "pglite"; client: PGlite };

/** Anything with Prisma's $queryRawUnsafe: an interactive transaction client (or the client itself). */
export type QueueTx = { $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T> };

export interface EnqueueOptions {
  /** Run no earlier than this many seconds from now. */
  startAfterSeconds?: number;
  /** At most one queued-or-running job with this key per job name (others are dropped: returns null). */
  singletonKey?: string;
  /** Higher runs first. */
  priority?: number;
}

export interface ScheduleOptions {
  /** One schedule per (name, key); re-scheduling the same pair replaces its cron (default ""). */
  key?: string;
  /** IANA zone the cron is read in (default UTC). */
  tz?: string;
}

export interface JobQueueOptions {
  /** Idle poll interval of each worker (LISTEN/NOTIFY wakes them sooner on PostgreSQL). */
  pollingIntervalSeconds?: number;
  /** Name of this process in pg-boss's instance table (default host:pid). */
  instanceName?: string;
  onError?: (err: Error) => void;
}

export class JobQueueError extends Error {
  override name = "JobQueueError";
}

export class JobQueue {
  private readonly ensured = new Set<string>();
  private workersStarted = false;

  private constructor(
    readonly database: QueueDatabase["kind"],
    private readonly boss: PgBoss,
    private readonly options: JobQueueOptions,
  ) {}

  /**
   * Starts pg-boss (installing or migrating its tables in schema "pgboss") and creates every
   * registered queue. The schema itself comes from a migration
   * (prisma/migrations/20261201172500_job_queue_schema_for_nura_app): the portal's role may create
   * tables in it but not schemas.
   */
  static async open(db: QueueDatabase, options: JobQueueOptions = {}): Promise<JobQueue> {
    const common = {
      schema: "pgboss",
      instanceName: options.instanceName ?? `portal-${process.pid}`,
      // No OpenTelemetry SDK is registered in the portal; keep pg-boss from looking for one.
      openTelemetry: { enabled: false },
      // How often stale heartbeats are looked for: a killed process's job moves on within
      // heartbeatSeconds + this (≈ 25 s with the defaults), instead of the 60 s default.
      superviseIntervalSeconds: 10,
      monitorIntervalSeconds: 10,
    } as const;
    const boss =
      db.kind === "postgres"
        ? // The schema is the migration's (the portal's role may not create one); PGlite's one user may.
          new PgBoss({ ...common, ...pgConfigFromUrl(db.url), max: 6, useListenNotify: true, createSchema: false })
        : new PgBoss({ ...common, backend: "pglite", db: fromPglite(db.client), useListenNotify: true });
    const onError = options.onError ?? ((err: Error) => console.error("[jobs]", err.message));
    boss.on("error", onError);
    await boss.start();
    const queue = new JobQueue(db.kind, boss, options);
    await queue.ensureQueues();
    return queue;
  }

  /** Creates (or updates) the queue of every job registered so far. Idempotent. */
  async ensureQueues(): Promise<void> {
    for (const def of listJobDefinitions()) await this.ensureQueue(def);
  }

  private async ensureQueue(def: JobDefinition<unknown>): Promise<void> {
    const settings = {
      retryLimit: def.retryLimit,
      retryDelay: def.retryDelaySeconds,
      retryBackoff: true,
      retryDelayMax: def.retryDelayMaxSeconds,
      expireInSeconds: def.expireInSeconds,
      heartbeatSeconds: def.heartbeatSeconds,
      notify: true,
    };
    const existing = await this.boss.getQueue(def.name);
    if (!existing) await this.boss.createQueue(def.name, { ...settings, policy: def.policy });
    else {
      const { heartbeatSeconds: _fixedAtCreation, retryDelayMax: _alsoFixed, ...mutable } = settings;
      await this.boss.updateQueue(def.name, mutable);
    }
    this.ensured.add(def.name);
  }

  /**
   * Adds a job inside the caller's transaction: it exists only if that transaction commits.
   * Returns the job id, or null when a job with the same singletonKey is already queued or running.
   */
  async enqueue(tx: QueueTx, name: string, payload: unknown, opts: EnqueueOptions = {}): Promise<string | null> {
    const def = getJobDefinition(name);
    if (!this.ensured.has(name)) {
      // Creating the queue here would use pg-boss's own connection while the caller's transaction
      // is open; on single-connection PGlite that waits for the transaction forever.
      throw new JobQueueError(
        `job "${name}" was registered after the queue opened: import its module before opening the queue (lib/server/jobs/handlers.ts)`,
      );
    }
    const data = def.schema.parse(payload) as object;
    return this.boss.send(name, data, {
      db: fromPrisma(tx as Parameters<typeof fromPrisma>[0]),
      ...(opts.startAfterSeconds ? { startAfter: opts.startAfterSeconds } : {}),
      ...(opts.singletonKey ? { singletonKey: opts.singletonKey } : {}),
      ...(opts.priority !== undefined ? { priority: opts.priority } : {}),
    });
  }

  /** A recurring job (5-field cron, UTC unless tz); stored in the database, so one process fires it. */
  async schedule(name: string, cron: string, payload: unknown, opts: ScheduleOptions = {}): Promise<void> {
    const def = getJobDefinition(name);
    if (!this.ensured.has(name)) await this.ensureQueue(def);
    const data = def.schema.parse(payload) as object;
    await this.boss.schedule(name, cron, data, { tz: opts.tz ?? "UTC", ...(opts.key ? { key: opts.key } : {}) });
  }

  async unschedule(name: string, key?: string): Promise<void> {
    await this.boss.unschedule(name, key);
  }

  /** Starts a worker per registered job in this process. */
  async startWorkers(): Promise<void> {
    if (this.workersStarted) return;
    this.workersStarted = true;
    await this.ensureQueues();
    for (const def of listJobDefinitions()) {
      await this.boss.work(
        def.name,
        {
          batchSize: 1,
          localConcurrency: def.localConcurrency,
          pollingIntervalSeconds: this.options.pollingIntervalSeconds ?? 2,
          // NOTIFY wakes an idle worker when a job is added; this poll is the backstop (jobs due
          // after a retry delay or startAfter, and a lost listen connection).
          notifyPollingIntervalSeconds: this.options.pollingIntervalSeconds ?? 2,
          // A full fetch means more is waiting: fetch again at once instead of sleeping.
          burstWhenBatchFull: true,
        },
        async ([job]) => {
          if (!job) return;
          // The handler of the running process (hot reload may have replaced it since).
          const current = getJobDefinition(def.name);
          const payload = current.schema.parse(job.data);
          await current.handler(payload, { jobId: job.id, attempt: job.retryCount, signal: job.signal });
        },
      );
    }
  }

  /** State of one job (tests, diagnostics). */
  async getJob(name: string, id: string) {
    return this.boss.getJobById(name, id);
  }

  /** Stops fetching, waits up to timeoutMs for running handlers, then closes the pool. */
  async stop(timeoutMs = 10_000): Promise<void> {
    await this.boss.stop({ graceful: true, timeout: timeoutMs, close: true });
  }
}
