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
  type HistoryEntry,
  type Initiator,
  imageOf,
  isBrokenTag,
  type K8sEvent,
  type Release,
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
}

export const defaultTiming: ControllerTiming = {
  pollMs: 1000,
  autoSyncDelayMs: 1500,
  syncDelayMs: 2000,
  healthDelayMs: 4000,
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

/** revisionHistoryLimit of infra/argocd/applicationsets. */
const HISTORY_LIMIT = 20;
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
      const desired = this.release(c, blobs.get(`${head}:${c.valuesPath}`), head);
      const fileCommits = commits
        .filter((k) => touched.get(k.sha)?.has(c.valuesPath))
        .slice(0, HISTORY_LIMIT)
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
          initiatedBy: c.autoSync ? { automated: true } : { username: k.authorEmail.split("@")[0] },
          tag: readDesired(fileBlobs.get(`${k.sha}:${c.valuesPath}`), c.imageTagPath, c.app).tag,
        };
      });
      const last = history[history.length - 1];
      const created = iso(firstCommit ? new Date(firstCommit.date).getTime() : Date.now());
      const broken = isBrokenTag(desired.tag);
      this.apps.set(c.argoName, {
        ...c,
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
              revision: last.revision,
              prune: false,
              dryRun: false,
              initiatedBy: last.initiatedBy,
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
      if (a?.syncStatus !== "OutOfSync" || a.operation?.phase === "Running" || a.operation?.phase === "Terminating")
        return;
      await this.sync(name, { initiatedBy: { automated: true } });
    });
  }

  /** Starts a sync operation; resolves once the operation is recorded (Argo CD's sync is async). */
  async sync(
    name: string,
    opts: { revision?: string; prune?: boolean; dryRun?: boolean; initiatedBy: Initiator; rollbackTo?: HistoryEntry },
  ): Promise<AppInstance> {
    const a = this.mustGet(name);
    if (a.operation && (a.operation.phase === "Running" || a.operation.phase === "Terminating")) {
      throw new OperationError(9, 400, "another operation is already in progress");
    }
    const wanted =
      opts.revision && opts.revision !== "HEAD" && opts.revision !== GITOPS_BRANCH ? opts.revision : undefined;
    if (wanted && a.autoSync && !opts.initiatedBy.automated && !opts.rollbackTo) {
      const sha = await resolveCommit(this.repo, wanted);
      if (sha !== a.headRevision) {
        throw new OperationError(9, 400, `Cannot sync to ${wanted}: auto-sync currently set to ${GITOPS_BRANCH}`);
      }
    }
    const started = Date.now();
    a.operation = {
      phase: "Running",
      message: "one or more tasks are running",
      startedAt: iso(started),
      revision: wanted ?? a.headRevision,
      prune: !!opts.prune,
      dryRun: !!opts.dryRun,
      initiatedBy: opts.initiatedBy,
    };
    this.touch(a);
    this.after(name, this.timing.syncDelayMs, () => this.finishSync(name, wanted, started, opts));
    return a;
  }

  private async finishSync(
    name: string,
    wanted: string | undefined,
    started: number,
    opts: { dryRun?: boolean; initiatedBy: Initiator },
  ): Promise<void> {
    const a = this.mustGet(name);
    const op = a.operation;
    if (op?.phase !== "Running") return;
    const sha = wanted ? await resolveCommit(this.repo, wanted) : a.headRevision;
    if (!sha) {
      Object.assign(op, {
        phase: "Error",
        message: `ComparisonError: unable to resolve '${wanted}' to a commit SHA`,
        finishedAt: iso(),
      });
      this.touch(a);
      return;
    }
    const blob = (await readBlobs(this.repo, [`${sha}:${a.valuesPath}`])).get(`${sha}:${a.valuesPath}`);
    if (blob === undefined) {
      Object.assign(op, {
        phase: "Failed",
        message: `${a.valuesPath}: no such file at revision ${sha.slice(0, 7)}`,
        finishedAt: iso(),
      });
      this.touch(a);
      return;
    }
    const target = this.release(a, blob, sha);
    const now = Date.now();
    op.resultRevision = sha;
    op.resultImages = [imageOf(target)];
    op.phase = "Succeeded";
    op.finishedAt = iso(now);
    op.message = opts.dryRun ? "successfully synced (dry run)" : "successfully synced (all tasks run)";
    if (!opts.dryRun) {
      const previous = a.live;
      const changed = previous.fingerprint !== target.fingerprint || previous.tag !== target.tag;
      a.live = target;
      const nextId = (a.history[a.history.length - 1]?.id ?? -1) + 1;
      a.history.push({
        id: nextId,
        revision: sha,
        deployStartedAt: iso(started),
        deployedAt: iso(now),
        initiatedBy: opts.initiatedBy,
        tag: target.tag,
      });
      if (a.history.length > HISTORY_LIMIT) a.history.splice(0, a.history.length - HISTORY_LIMIT);
      if (changed) this.startRollout(a, previous, now);
    }
    this.touch(a);
    if (a.autoSync && a.syncStatus === "OutOfSync") this.scheduleAutoSync(name);
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
      revision: entry.revision,
      prune: opts.prune,
      dryRun: opts.dryRun,
      initiatedBy: opts.initiatedBy,
      rollbackTo: entry,
    });
  }

  terminate(name: string): AppInstance {
    const a = this.mustGet(name);
    if (a.operation?.phase !== "Running")
      throw new OperationError(9, 400, "Unable to terminate operation. No operation is in progress");
    this.cancelTimers(name);
    a.operation.phase = "Terminating";
    a.operation.message = "Operation termination requested";
    this.touch(a);
    this.after(name, 200, () => {
      if (a.operation?.phase !== "Terminating") return;
      Object.assign(a.operation, { phase: "Failed", message: "Operation terminated", finishedAt: iso() });
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
