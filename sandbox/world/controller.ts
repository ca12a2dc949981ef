// The sandbox's "application controller": keeps every AppInstance in step with the GitOps repo,
// runs sync / rollback / terminate operations with realistic timing, and records history and
// Kubernetes events. Argo CD and Kubernetes emulators only render what this holds.

import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import { GITOPS_BRANCH } from "../gitops/seed";
import { readDesired } from "../gitops/values";
import { changedFiles, RepoPoller, resolveCommit } from "../gitops/watcher";
import { git, log, readBlobs } from "../lib/git";
import type { AppInstanceConfig } from "./catalog";
import {
  type AppInstance,
  type AppPolicy,
  type HistoryEntry,
  type Initiator,
  imageOf,
  isBrokenTag,
  type K8sEvent,
  type OperationRequest,
  type Release,
  type RetryStrategy,
  type SyncResourceRef,
  syncSelects,
} from "./model";

export interface ControllerTiming {
  /** Poll interval of the GitOps repo. */
  pollMs: number;
  /** Delay before an auto-sync environment syncs a new revision by itself. */
  autoSyncDelayMs: number;
  /** Running → Succeeded of a sync operation. */
  syncDelayMs: number;
  /** Progressing → Healthy/Degraded after resources were applied. */
  healthDelayMs: number;
  /**
   * Request → controller pickup: how long a sync or rollback sits in the Application's `.operation`
   * with no status.operationState (real Argo CD: the time its controller takes to see the update).
   */
  operationPickupMs: number;
  /** Multiplies the retry backoff of spec.syncPolicy.retry (1 = the declared durations). */
  retryBackoffScale: number;
}

export const defaultTiming: ControllerTiming = {
  pollMs: 1000,
  autoSyncDelayMs: 1500,
  syncDelayMs: 2000,
  healthDelayMs: 4000,
  operationPickupMs: 500,
  retryBackoffScale: 1,
};

/** An error that the Argo CD emulator renders as its gRPC-gateway error body. */
export class OperationError extends Error {
  constructor(
    readonly grpcCode: number,
    readonly httpStatus: number,
    message: string,
  ) {
    super(message);
  }
}

const EVENTS_LIMIT = 60;
const iso = (ms = Date.now()) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

export class WorldController extends EventEmitter {
  readonly apps = new Map<string, AppInstance>();
  private timers = new Map<string, NodeJS.Timeout[]>();
  private poller: RepoPoller;
  private head = "";

  constructor(
    readonly repo: string,
    private configs: AppInstanceConfig[],
    readonly timing: ControllerTiming = defaultTiming,
    /** Each Application's sync policy (its ApplicationSet template); default: the catalog's autoSync. */
    private policyOf: (c: AppInstanceConfig) => AppPolicy = defaultPolicy,
  ) {
    super();
    this.setMaxListeners(0);
    this.poller = new RepoPoller(repo, GITOPS_BRANCH, timing.pollMs, (sha) => this.onHead(sha));
  }

  /** Builds every instance from the repo: live = HEAD, history = the values file's git log. */
  async init(): Promise<void> {
    const head = await resolveCommit(this.repo, `refs/heads/${GITOPS_BRANCH}`);
    if (!head) throw new Error(`gitops repo ${this.repo} has no ${GITOPS_BRANCH} branch`);
    this.head = head;
    const blobs = await readBlobs(
      this.repo,
      this.configs.map((c) => `${head}:${c.valuesPath}`),
    );
    // One `git log` per values file would be slow for 60 apps: read the whole history once.
    const commits = await log(this.repo, head, [], 5000);
    const touched = await this.filesPerCommit(commits.map((c) => c.sha));
    const firstCommit = commits[commits.length - 1];
    for (const c of this.configs) {
      const policy = this.policyOf(c);
      const desired = this.release(c, blobs.get(`${head}:${c.valuesPath}`), head);
      const fileCommits = commits
        .filter((k) => touched.get(k.sha)?.has(c.valuesPath))
        .slice(0, policy.historyLimit)
        .reverse();
      const fileBlobs = await readBlobs(
        this.repo,
        fileCommits.map((k) => `${k.sha}:${c.valuesPath}`),
      );
      const history: HistoryEntry[] = fileCommits.map((k, i) => {
        const deployed = new Date(k.date).getTime() + 90_000;
        return {
          id: i,
          revision: k.sha,
          deployStartedAt: iso(deployed - 30_000),
          deployedAt: iso(deployed),
          initiatedBy: policy.autoSync ? { automated: true } : { username: k.authorEmail.split("@")[0] },
          tag: readDesired(fileBlobs.get(`${k.sha}:${c.valuesPath}`), c.imageTagPath, c.app).tag,
        };
      });
      const last = history[history.length - 1];
      const created = iso(firstCommit ? new Date(firstCommit.date).getTime() : Date.now());
      const broken = isBrokenTag(desired.tag);
      this.apps.set(c.argoName, {
        ...c,
        autoSync: policy.autoSync,
        policy,
        createdAt: created,
        headRevision: head,
        desired,
        live: { ...desired },
        syncStatus: "Synced",
        health: {
          status: broken ? "Degraded" : "Healthy",
          message: broken ? `Deployment "${c.app}" exceeded its progress deadline` : undefined,
          lastTransitionTime: last?.deployedAt ?? created,
        },
        operation: last
          ? {
              phase: "Succeeded",
              message: "successfully synced (all tasks run)",
              startedAt: last.deployStartedAt,
              finishedAt: last.deployedAt,
              request: {
                revision: last.revision,
                prune: policy.autoSync && policy.autoPrune,
                dryRun: false,
                syncOptions: policy.syncOptions,
                initiatedBy: last.initiatedBy,
                retry: policy.retry,
                requestedAt: new Date(last.deployStartedAt).getTime(),
              },
              retryCount: 0,
              resultRevision: last.revision,
              resultImages: [imageOf(desired)],
            }
          : undefined,
        history,
        rollout: { startedAt: last ? new Date(last.deployStartedAt).getTime() : Date.now() },
        events: [],
        resourceVersion: 1,
        reconciledAt: iso(),
      });
    }
  }

  private async filesPerCommit(shas: string[]): Promise<Map<string, Set<string>>> {
    const { stdout } = await git(this.repo, ["log", "--format=%x1e%H", "--name-only", "-n5000", this.head]);
    const out = new Map<string, Set<string>>();
    for (const rec of stdout.split("\x1e")) {
      const [sha, ...files] = rec.split("\n").filter(Boolean);
      if (sha) out.set(sha, new Set(files));
    }
    for (const s of shas) if (!out.has(s)) out.set(s, new Set());
    return out;
  }

  start(): void {
    this.poller.start();
  }

  /** Forces a repo poll now (Argo CD's "refresh"). */
  refresh(): Promise<void> {
    return this.poller.tick();
  }

  stop(): void {
    this.poller.stop();
    for (const list of this.timers.values()) for (const t of list) clearTimeout(t);
    this.timers.clear();
    this.removeAllListeners();
  }

  get(name: string): AppInstance | undefined {
    return this.apps.get(name);
  }

  list(): AppInstance[] {
    return [...this.apps.values()];
  }

  private release(c: AppInstanceConfig, text: string | undefined, revision: string): Release {
    const d = readDesired(text, c.imageTagPath, c.app);
    return { tag: d.tag, repository: d.repository, replicas: d.replicas, fingerprint: d.fingerprint, revision };
  }

  private touch(a: AppInstance): void {
    a.resourceVersion++;
    a.reconciledAt = iso();
    a.syncStatus = a.live.fingerprint === a.desired.fingerprint ? "Synced" : "OutOfSync";
    this.emit("change", a);
  }

  private after(name: string, ms: number, fn: () => void | Promise<void>): void {
    const t = setTimeout(() => {
      const list = this.timers.get(name) ?? [];
      this.timers.set(
        name,
        list.filter((x) => x !== t),
      );
      void Promise.resolve(fn()).catch((err) => console.error(`[sandbox:controller] ${name}:`, err));
    }, ms);
    t.unref();
    this.timers.set(name, [...(this.timers.get(name) ?? []), t]);
  }

  private cancelTimers(name: string): void {
    for (const t of this.timers.get(name) ?? []) clearTimeout(t);
    this.timers.delete(name);
  }

  private async onHead(sha: string): Promise<void> {
    if (sha === this.head) return;
    const previous = this.head;
    const files = new Set(
      await changedFiles(this.repo, previous, sha).catch(() => this.configs.map((c) => c.valuesPath)),
    );
    this.head = sha;
    const affected = this.list().filter((a) => files.has(a.valuesPath));
    const blobs = await readBlobs(
      this.repo,
      affected.map((a) => `${sha}:${a.valuesPath}`),
    );
    for (const a of this.list()) {
      a.headRevision = sha;
      if (files.has(a.valuesPath)) a.desired = this.release(a, blobs.get(`${sha}:${a.valuesPath}`), sha);
      else a.desired = { ...a.desired, revision: sha };
      this.touch(a);
      if (a.autoSync && a.syncStatus === "OutOfSync") this.scheduleAutoSync(a.argoName);
    }
  }

  private scheduleAutoSync(name: string): void {
    this.after(name, this.timing.autoSyncDelayMs, async () => {
      const a = this.apps.get(name);
      if (a?.syncStatus !== "OutOfSync" || a.requested) return;
      await this.sync(name, { initiatedBy: { automated: true } });
    });
  }

  /**
   * A sync request as argocd-server handles it (server/application Sync, util/argo SetAppOperation):
   * the revision is checked against auto-sync and resolved first, then the request is written to
   * `.operation` and status.operationState is cleared. The controller starts it `operationPickupMs`
   * later; until then a reader sees no operationState at all, never the new one.
   */
  async sync(
    name: string,
    opts: {
      revision?: string;
      prune?: boolean;
      dryRun?: boolean;
      syncOptions?: string[];
      syncStrategy?: Record<string, unknown>;
      retry?: RetryStrategy;
      resources?: SyncResourceRef[];
      initiatedBy: Initiator;
      rollbackTo?: HistoryEntry;
    },
  ): Promise<AppInstance> {
    const a = this.mustGet(name);
    const asked = opts.revision ?? "";
    const target = a.policy.targetRevision;
    if (!opts.rollbackTo && !opts.initiatedBy.automated && asked && asked !== target) {
      if (a.autoSync && !opts.dryRun) {
        throw new OperationError(9, 400, `Cannot sync to ${asked}: auto-sync currently set to ${target}`);
      }
    }
    const revision = opts.rollbackTo ? opts.rollbackTo.revision : await this.resolveRevision(asked || target);
    if (a.requested) {
      throw new OperationError(9, 400, "error setting app operation: another operation is already in progress");
    }
    const requestedAt = Date.now();
    const request: OperationRequest = {
      revision,
      prune: opts.initiatedBy.automated ? a.policy.autoPrune : !!opts.prune,
      dryRun: !!opts.dryRun,
      syncOptions: opts.syncOptions ?? a.policy.syncOptions,
      syncStrategy: opts.rollbackTo ? { apply: {} } : opts.syncStrategy,
      initiatedBy: opts.initiatedBy,
      retry: opts.retry ?? a.policy.retry,
      ...(opts.resources?.length ? { resources: opts.resources } : {}),
      requestedAt,
    };
    a.requested = request;
    a.operation = undefined;
    this.touch(a);
    this.after(name, this.timing.operationPickupMs, () => this.pickUp(name, request));
    return a;
  }

  /**
   * How argocd-server resolves a sync revision for a git directory source: a hex string of 7+
   * characters is taken as a commit without looking (it may fail later, in the controller); a
   * branch, tag or HEAD is resolved now (ls-remote), and refused at once when it does not resolve.
   */
  private async resolveRevision(revision: string): Promise<string> {
    if (/^[0-9a-f]{7,40}$/i.test(revision)) return revision;
    const sha =
      (await resolveCommit(this.repo, `refs/heads/${revision}`)) ??
      (await resolveCommit(this.repo, `refs/tags/${revision}`)) ??
      (revision === "HEAD" ? await resolveCommit(this.repo, "HEAD") : undefined);
    if (sha) return sha;
    throw new OperationError(
      9,
      400,
      `error resolving repo revision: rpc error: code = Unknown desc = unable to resolve '${revision}' to a commit SHA: revision not found`,
    );
  }

  /** The controller sees the request: operationState appears, Running, and the sync runs. */
  private pickUp(name: string, request: OperationRequest): void {
    const a = this.mustGet(name);
    if (a.requested !== request) return;
    a.operation = {
      phase: "Running",
      message: "one or more tasks are running",
      startedAt: iso(),
      request,
      retryCount: 0,
    };
    this.touch(a);
    this.after(name, this.timing.syncDelayMs, () => this.finishSync(name, request));
  }

  private async finishSync(name: string, request: OperationRequest): Promise<void> {
    const a = this.mustGet(name);
    const op = a.operation;
    if (op?.phase !== "Running" || op.request !== request) return;
    const sha = await resolveCommit(this.repo, request.revision);
    if (!sha) {
      return this.failAttempt(
        a,
        "Error",
        `ComparisonError: Failed to load target state: failed to generate manifest for source 1 of 1: rpc error: code = Unknown desc = unable to resolve git revision ${request.revision}: unable to resolve '${request.revision}' to a commit SHA`,
      );
    }
    const blob = (await readBlobs(this.repo, [`${sha}:${a.valuesPath}`])).get(`${sha}:${a.valuesPath}`);
    if (blob === undefined) {
      return this.failAttempt(a, "Failed", `${a.valuesPath}: no such file at revision ${sha.slice(0, 7)}`);
    }
    const target = this.release(a, blob, sha);
    const now = Date.now();
    // A selective sync applies only what it names: the image changes only with the Deployment (the
    // Service's manifest never differs between releases here), and it adds no history entry
    // (argo-cd controller/sync.go persists history only when `len(syncOp.Resources) == 0`).
    const selective = (request.resources?.length ?? 0) > 0;
    const appliesDeployment = syncSelects(request, {
      group: "apps",
      kind: "Deployment",
      name: a.app,
      namespace: a.namespace,
    });
    op.resultRevision = sha;
    op.resultImages = appliesDeployment ? [imageOf(target)] : [];
    this.complete(
      a,
      "Succeeded",
      request.dryRun ? "successfully synced (dry run)" : "successfully synced (all tasks run)",
    );
    if (!request.dryRun && appliesDeployment) {
      const previous = a.live;
      const changed = previous.fingerprint !== target.fingerprint || previous.tag !== target.tag;
      a.live = target;
      if (changed) this.startRollout(a, previous, now);
    }
    if (!request.dryRun && !selective) {
      const nextId = (a.history[a.history.length - 1]?.id ?? -1) + 1;
      a.history.push({
        id: nextId,
        revision: sha,
        deployStartedAt: op.startedAt,
        deployedAt: iso(now),
        initiatedBy: request.initiatedBy,
        tag: target.tag,
      });
      if (a.history.length > a.policy.historyLimit) a.history.splice(0, a.history.length - a.policy.historyLimit);
    }
    this.touch(a);
    // The controller refreshes after a completed sync, re-resolving the branch (argo-cd
    // CompareWithLatestForceResolve), so a sync of a commit it had not polled yet shows Synced.
    if (!request.dryRun) await this.poller.tick();
    if (a.autoSync && a.syncStatus === "OutOfSync") this.scheduleAutoSync(name);
  }

  /** Ends the operation: operationState keeps it, `.operation` is cleared (the controller's patch). */
  private complete(a: AppInstance, phase: "Succeeded" | "Failed" | "Error", message: string): void {
    if (!a.operation) return;
    Object.assign(a.operation, { phase, message, finishedAt: iso() });
    a.requested = undefined;
  }

  /**
   * A failed attempt, as the controller handles it: while spec retry allows, the phase stays Running
   * with the failure and the next attempt's time in the message ("Retrying attempt #1 at 1:23PM.");
   * then the next attempt runs. Out of retries, the operation ends with "(retried N times)."
   */
  private failAttempt(a: AppInstance, phase: "Failed" | "Error", message: string): void {
    const op = a.operation!;
    const retry = op.request.retry;
    if (retry && (op.retryCount < retry.limit || retry.limit < 0)) {
      const waitMs = retryBackoffMs(retry, op.retryCount) * this.timing.retryBackoffScale;
      op.retryCount++;
      op.finishedAt = iso();
      op.message = `${message}. Retrying attempt #${op.retryCount} at ${kitchen(Date.now() + waitMs)}.`;
      this.touch(a);
      const request = op.request;
      this.after(a.argoName, waitMs, () => {
        if (a.operation !== op || op.phase !== "Running") return;
        op.message = `Retrying operation. Attempt #${op.retryCount}`;
        op.finishedAt = undefined;
        this.touch(a);
        this.after(a.argoName, this.timing.syncDelayMs, () => this.finishSync(a.argoName, request));
      });
      return;
    }
    this.complete(a, phase, op.retryCount > 0 ? `${message} (retried ${op.retryCount} times).` : message);
    this.touch(a);
  }

  private startRollout(a: AppInstance, previous: Release, now: number): void {
    const imageChanged = previous.tag !== a.live.tag || previous.repository !== a.live.repository;
    a.rollout = { startedAt: now, previous: imageChanged ? previous : undefined };
    if (imageChanged) {
      this.event(
        a,
        "Normal",
        "ScalingReplicaSet",
        "Deployment",
        a.app,
        `Scaled up replica set for ${imageOf(a.live)} to ${a.live.replicas}`,
      );
    }
    this.setHealth(
      a,
      "Progressing",
      `Waiting for rollout to finish: 0 of ${a.live.replicas} updated replicas are available...`,
    );
    const tag = a.live.tag;
    this.after(a.argoName, this.timing.healthDelayMs, () => {
      if (a.live.tag !== tag) return;
      if (isBrokenTag(tag)) {
        this.event(a, "Warning", "BackOff", "Pod", a.app, "Back-off restarting failed container app");
        this.event(
          a,
          "Warning",
          "Unhealthy",
          "Pod",
          a.app,
          "Readiness probe failed: HTTP probe failed with statuscode: 503",
        );
        this.setHealth(a, "Degraded", `Deployment "${a.app}" exceeded its progress deadline`);
      } else {
        if (a.rollout?.previous) {
          this.event(
            a,
            "Normal",
            "ScalingReplicaSet",
            "Deployment",
            a.app,
            `Scaled down replica set for ${imageOf(a.rollout.previous)} to 0`,
          );
        }
        this.setHealth(a, "Healthy", undefined);
      }
      this.touch(a);
    });
  }

  private setHealth(a: AppInstance, status: AppInstance["health"]["status"], message: string | undefined): void {
    if (a.health.status !== status) a.health = { status, message, lastTransitionTime: iso() };
    else a.health.message = message;
  }

  private event(
    a: AppInstance,
    type: K8sEvent["type"],
    reason: string,
    kind: K8sEvent["kind"],
    name: string,
    message: string,
  ) {
    const now = iso();
    a.events.push({
      uid: randomUUID(),
      type,
      reason,
      kind,
      name,
      message,
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
    });
    if (a.events.length > EVENTS_LIMIT) a.events.splice(0, a.events.length - EVENTS_LIMIT);
  }

  async rollback(name: string, id: number, opts: { prune?: boolean; dryRun?: boolean; initiatedBy: Initiator }) {
    const a = this.mustGet(name);
    if (a.autoSync) throw new OperationError(9, 400, "rollback cannot be initiated when auto-sync is enabled");
    const entry = a.history.find((h) => h.id === id);
    if (!entry) throw new OperationError(3, 400, `application ${name} does not have deployment with id ${id}`);
    return this.sync(name, {
      prune: opts.prune,
      dryRun: opts.dryRun,
      // Rollback is a sync of the history entry with the app's sync options and no retry.
      syncOptions: a.policy.syncOptions,
      retry: { limit: 0 },
      initiatedBy: opts.initiatedBy,
      rollbackTo: entry,
    });
  }

  /** argocd-server TerminateOperation: only an operation the controller already runs can be stopped. */
  terminate(name: string): AppInstance {
    const a = this.mustGet(name);
    if (!a.requested || !a.operation || a.operation.phase !== "Running")
      throw new OperationError(3, 400, "Unable to terminate operation. No operation is in progress");
    this.cancelTimers(name);
    const op = a.operation;
    op.phase = "Terminating";
    op.message = "Operation termination requested";
    this.touch(a);
    this.after(name, 200, () => {
      if (a.operation !== op || op.phase !== "Terminating") return;
      this.complete(a, "Failed", "Operation terminated");
      this.touch(a);
    });
    return a;
  }

  private mustGet(name: string): AppInstance {
    const a = this.apps.get(name);
    if (!a) throw new OperationError(5, 404, `applications.argoproj.io "${name}" not found`);
    return a;
  }
}

export function defaultPolicy(c: AppInstanceConfig): AppPolicy {
  return {
    targetRevision: "main",
    autoSync: c.autoSync,
    autoPrune: true,
    syncOptions: ["CreateNamespace=true"],
    historyLimit: 10,
  };
}

/** Go duration strings as Argo CD's retry backoff uses them ("10s", "3m", "1h30m"). */
export function durationMs(d: string | undefined, fallbackMs: number): number {
  if (!d) return fallbackMs;
  let total = 0;
  for (const m of d.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) {
    total += Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as "ms" | "s" | "m" | "h"];
  }
  return total || fallbackMs;
}

/** Backoff before retry n+1: duration × factor^n, at most maxDuration (Argo CD's defaults 5s, 2, 3m). */
export function retryBackoffMs(retry: RetryStrategy, retryCount: number): number {
  const base = durationMs(retry.backoff?.duration, 5000);
  const max = durationMs(retry.backoff?.maxDuration, 180_000);
  return Math.min(max, base * (retry.backoff?.factor ?? 2) ** retryCount);
}

/** Go's time.Kitchen ("3:04PM"), in UTC like the sandbox's controller. */
function kitchen(ms: number): string {
  const d = new Date(ms);
  const h = d.getUTCHours();
  return `${h % 12 || 12}:${String(d.getUTCMinutes()).padStart(2, "0")}${h < 12 ? "AM" : "PM"}`;
}
