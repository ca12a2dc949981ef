// Queue and builds of the Jenkins emulator. A build runs the job's stage commands one after the
// other as real processes (bash -c, cwd = repo root); their output is the console log.
import { type ChildProcess, spawn } from "node:child_process";
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { interpolate, type JobDefinition } from "./jobs";

export type BuildResult = "SUCCESS" | "UNSTABLE" | "FAILURE" | "NOT_BUILT" | "ABORTED";
export type StageStatus = "NOT_EXECUTED" | "ABORTED" | "SUCCESS" | "IN_PROGRESS" | "FAILED";

export interface Stage {
  id: string;
  name: string;
  /** The pipeline got to this stage (ran or skipped); wfapi lists only these. */
  reached: boolean;
  status: StageStatus;
  startTimeMillis: number;
  durationMillis: number;
  error?: { message: string; type: string };
}

export interface Build {
  job: string;
  number: number;
  queueId: number;
  timestamp: number;
  duration: number;
  result: BuildResult | null;
  params: Record<string, string>;
  cause: { userId: string; userName: string };
  stages: Stage[];
  dir: string;
  /** The lockable resource of the job's lock(…) option, and whether this build holds it yet. */
  lock?: string;
  lockHeld?: boolean;
  proc?: ChildProcess;
  aborted?: string;
}

export interface QueueItem {
  id: number;
  job: string;
  params: Record<string, string>;
  inQueueSince: number;
  cause: { userId: string; userName: string };
  cancelled: boolean;
  build?: Build;
  leftAt?: number;
  why: string | null;
  /** Waiting because the job does not run concurrently and a build of it is running (Queue$BlockedItem). */
  blocked?: boolean;
}

export interface BuildRunnerOptions {
  dataDir: string;
  cwd: string;
  env: () => Record<string, string>;
  quietPeriodMs: number;
  /** Left queue items disappear after this long (5 min in Jenkins). */
  leftItemTtlMs?: number;
  /** How often a build waiting in lock(…) checks the resource again. */
  lockPollMs?: number;
}

export class BuildRunner {
  readonly queue = new Map<number, QueueItem>();
  readonly builds = new Map<string, Build[]>();
  private nextQueueId = 1;
  private timers = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(
    readonly jobs: Map<string, JobDefinition>,
    private o: BuildRunnerOptions,
  ) {}

  logFile(b: Build): string {
    return join(b.dir, "log");
  }
  /** Root of archived files; Jenkins' relativePath is relative to it. */
  archiveDir(b: Build): string {
    return join(b.dir, "archive");
  }

  /**
   * The build's ARTIFACTS_DIR: the job's relative ARTIFACTS_DIR (e.g. "artifacts") inside the
   * archive, so relativePath reads "artifacts/plan.json" as with archiveArtifacts in Jenkins.
   */
  artifactsDir(b: Build, job = this.jobs.get(b.job)): string {
    const rel = job?.environment.ARTIFACTS_DIR;
    return rel && !rel.startsWith("/") ? join(this.archiveDir(b), rel) : this.archiveDir(b);
  }

  buildsOf(job: string): Build[] {
    return this.builds.get(job) ?? [];
  }

  findBuild(job: string, number: number): Build | undefined {
    return this.buildsOf(job).find((b) => b.number === number);
  }

  nextBuildNumber(job: string): number {
    return (this.buildsOf(job).at(-1)?.number ?? 0) + 1;
  }

  /** Returns the queued item, and whether an identical waiting item already existed (303). */
  enqueue(
    job: JobDefinition,
    params: Record<string, string>,
    cause: QueueItem["cause"],
    quietPeriodMs = this.o.quietPeriodMs,
  ): { item: QueueItem; existing: boolean } {
    this.prune();
    for (const item of this.queue.values()) {
      if (
        item.job === job.name &&
        !item.build &&
        !item.cancelled &&
        JSON.stringify(item.params) === JSON.stringify(params)
      ) {
        return { item, existing: true };
      }
    }
    const item: QueueItem = {
      id: this.nextQueueId++,
      job: job.name,
      params,
      inQueueSince: Date.now(),
      cause,
      cancelled: false,
      why: "In the quiet period.",
    };
    this.queue.set(item.id, item);
    this.later(quietPeriodMs, () => this.tryStart(item));
    return { item, existing: false };
  }

  getItem(id: number): QueueItem | undefined {
    this.prune();
    return this.queue.get(id);
  }

  cancel(id: number): boolean {
    const item = this.queue.get(id);
    if (!item || item.build || item.cancelled) return false;
    item.cancelled = true;
    item.leftAt = Date.now();
    item.why = null;
    return true;
  }

  private prune(): void {
    const ttl = this.o.leftItemTtlMs ?? 300_000;
    for (const [id, item] of this.queue) if (item.leftAt && Date.now() - item.leftAt > ttl) this.queue.delete(id);
  }

  private later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.stopped) fn();
    }, ms);
    t.unref();
    this.timers.add(t);
  }

  private tryStart(item: QueueItem): void {
    if (item.cancelled || item.build) return;
    const job = this.jobs.get(item.job)!;
    // disableConcurrentBuilds(): the next build of the same job waits in the queue as a BlockedItem.
    // A lock(…) held by another job's build does not keep the build in the queue: as in Jenkins, the
    // build starts, gets its number, and waits inside the lock step (run() below).
    const running = !job.concurrent && this.buildsOf(job.name).find((b) => b.result === null);
    if (running) {
      item.blocked = true;
      const eta = running.timestamp + this.estimatedDuration(job.name) - Date.now();
      item.why = `Build #${running.number} is already in progress (ETA: ${eta > 0 ? `${Math.ceil(eta / 1000)} sec` : "N/A"})`;
      this.later(250, () => this.tryStart(item));
      return;
    }
    item.blocked = false;
    const lock = job.lock ? interpolate(job.lock, item.params) : undefined;
    const number = this.nextBuildNumber(job.name);
    const dir = join(this.o.dataDir, "jobs", job.name, "builds", String(number));
    mkdirSync(join(dir, "archive"), { recursive: true });
    const build: Build = {
      job: job.name,
      number,
      queueId: item.id,
      timestamp: Date.now(),
      duration: 0,
      result: null,
      params: item.params,
      cause: item.cause,
      stages: job.stages.map((s, i) => ({
        id: String(6 + i * 7),
        name: s.name,
        reached: false,
        status: "NOT_EXECUTED",
        startTimeMillis: 0,
        durationMillis: 0,
      })),
      dir,
      lock,
    };
    mkdirSync(this.artifactsDir(build, job), { recursive: true });
    writeFileSync(this.logFile(build), "");
    this.builds.set(job.name, [...this.buildsOf(job.name), build]);
    item.build = build;
    item.leftAt = Date.now();
    item.why = null;
    void this.run(job, build);
  }

  private write(b: Build, text: string): void {
    appendFileSync(this.logFile(b), text);
  }

  private async run(job: JobDefinition, b: Build): Promise<void> {
    this.write(b, `Started by user ${b.cause.userName}\n[Pipeline] Start of Pipeline\n`);
    if (b.lock) await this.acquireLock(b);
    this.write(b, `[Pipeline] node\nRunning on sandbox-agent in ${this.o.cwd}\n[Pipeline] {\n`);
    let failed = false;
    for (const [i, stage] of job.stages.entries()) {
      const s = b.stages[i]!;
      if (b.aborted && !s.reached && !failed) break; // aborted while waiting for the lock: no stage reached
      s.reached = true;
      this.write(b, `[Pipeline] stage\n[Pipeline] { (${stage.name})\n`);
      if (failed || b.aborted) {
        this.write(b, `Stage "${stage.name}" skipped due to earlier failure(s)\n[Pipeline] }\n[Pipeline] // stage\n`);
        continue;
      }
      s.status = "IN_PROGRESS";
      s.startTimeMillis = Date.now();
      this.write(b, `[Pipeline] sh\n+ ${stage.command}\n`);
      const code = await this.exec(b, stage.command);
      s.durationMillis = Date.now() - s.startTimeMillis;
      if (b.aborted) {
        s.status = "ABORTED";
        s.error = {
          message: "script returned exit code 143",
          type: "org.jenkinsci.plugins.workflow.steps.FlowInterruptedException",
        };
      } else if (code !== 0) {
        failed = true;
        s.status = "FAILED";
        s.error = { message: `script returned exit code ${code}`, type: "hudson.AbortException" };
        this.write(b, `ERROR: script returned exit code ${code}\n`);
      } else {
        s.status = "SUCCESS";
      }
      this.write(b, "[Pipeline] }\n[Pipeline] // stage\n");
    }
    const artifacts = this.artifacts(b);
    if (artifacts.length) this.write(b, `[Pipeline] archiveArtifacts\nArchiving artifacts\n`);
    this.write(b, "[Pipeline] }\n[Pipeline] // node\n");
    if (b.lockHeld) {
      b.lockHeld = false;
      this.write(b, `Lock released on resource [Resource: ${b.lock}]\n[Pipeline] // lock\n`);
    }
    this.write(b, "[Pipeline] End of Pipeline\n");
    b.result = b.aborted ? "ABORTED" : failed ? "FAILURE" : "SUCCESS";
    if (b.aborted) this.write(b, `Aborted by ${b.aborted}\n`);
    b.duration = Math.max(1, Date.now() - b.timestamp);
    this.write(b, `Finished: ${b.result}\n`);
  }

  /** The lock(…) step: waits (logging as the Lockable Resources plugin does) until no other build holds it. */
  private async acquireLock(b: Build): Promise<void> {
    this.write(b, `[Pipeline] lock\nTrying to acquire lock on [Resource: ${b.lock}]\n`);
    let announced = false;
    for (;;) {
      if (b.aborted || this.stopped) return;
      const holder = [...this.builds.values()]
        .flat()
        .find((o) => o !== b && o.result === null && o.lockHeld && o.lock === b.lock);
      if (!holder) break;
      if (!announced) {
        this.write(
          b,
          `Found 0 available resource(s). Waiting for correct amount: 1.\n[${b.lock}] is locked by build ${holder.job} #${holder.number}, waiting...\n`,
        );
        announced = true;
      }
      await new Promise((r) => setTimeout(r, this.o.lockPollMs ?? 250));
    }
    b.lockHeld = true;
    this.write(b, `Lock acquired on [Resource: ${b.lock}]\n[Pipeline] {\n`);
  }

  /** Jenkins' estimate: the last completed build's duration. */
  estimatedDuration(job: string): number {
    return (
      this.buildsOf(job)
        .filter((x) => x.result !== null)
        .at(-1)?.duration ?? -1
    );
  }

  private exec(b: Build, command: string): Promise<number> {
    return new Promise((resolve) => {
      const job = this.jobs.get(b.job)!;
      const jobEnv = Object.fromEntries(Object.entries(job.environment).map(([k, v]) => [k, interpolate(v, b.params)]));
      // Order matters: the sandbox's endpoints and credentials replace the job's production values
      // (GITOPS_REPO_URL, ARGOCD_URL, …), parameters come after, build variables last.
      const env = {
        ...process.env,
        ...jobEnv,
        ...this.o.env(),
        ...b.params,
        BUILD_NUMBER: String(b.number),
        BUILD_ID: String(b.number),
        JOB_NAME: b.job,
        WORKSPACE: this.o.cwd,
        ARTIFACTS_DIR: this.artifactsDir(b),
        CI: "true",
        JENKINS_HOME: this.o.dataDir,
      };
      // Own process group, so stop() can terminate the whole script tree (tofu and its plugins).
      const proc = spawn("bash", ["-c", command], {
        cwd: this.o.cwd,
        env,
        detached: true,
        stdio: ["ignore", "pipe", "pipe"],
      });
      b.proc = proc;
      proc.stdout.on("data", (d: Buffer) => appendFileSync(this.logFile(b), d));
      proc.stderr.on("data", (d: Buffer) => appendFileSync(this.logFile(b), d));
      proc.on("error", (err) => {
        this.write(b, `${err.message}\n`);
      });
      proc.on("close", (code, signal) => {
        b.proc = undefined;
        resolve(code ?? (signal ? 128 + 15 : 1));
      });
    });
  }

  /** Stops a running build (Jenkins' /stop): terminates the stage's process group. */
  abort(b: Build, by: string): boolean {
    if (b.result !== null) return false;
    b.aborted = by;
    if (b.proc?.pid) {
      try {
        process.kill(-b.proc.pid, "SIGTERM");
      } catch {
        // already gone
      }
    }
    return true;
  }

  artifacts(b: Build): { fileName: string; relativePath: string; displayPath: string }[] {
    const root = this.archiveDir(b);
    if (!existsSync(root)) return [];
    const out: { fileName: string; relativePath: string; displayPath: string }[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir).sort()) {
        const p = join(dir, e);
        if (statSync(p).isDirectory()) walk(p);
        else out.push({ fileName: e, relativePath: relative(root, p), displayPath: e });
      }
    };
    walk(root);
    return out;
  }

  readLog(b: Build): Buffer {
    return existsSync(this.logFile(b)) ? readFileSync(this.logFile(b)) : Buffer.alloc(0);
  }

  /** Stops every timer and running build (world shutdown): no stray processes. */
  async shutdown(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    const running: Promise<void>[] = [];
    for (const list of this.builds.values()) {
      for (const b of list) {
        if (b.proc?.pid) {
          const proc = b.proc;
          running.push(new Promise((r) => proc.once("close", () => r())));
          this.abort(b, "sandbox shutdown");
        }
      }
    }
    await Promise.race([Promise.all(running), new Promise((r) => setTimeout(r, 5000))]);
  }
}
