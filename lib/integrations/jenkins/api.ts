// Jenkins port in domain terms: start a parameterised job, follow its queue item to a build, read
// the build's status, stages, console and artifacts, and stop it. Nothing here knows the wire format.
export const BUILD_RESULTS = ["SUCCESS", "UNSTABLE", "FAILURE", "NOT_BUILT", "ABORTED"] as const;
export type BuildResult = (typeof BUILD_RESULTS)[number];

export const STAGE_STATUSES = [
  "NOT_EXECUTED",
  "IN_PROGRESS",
  "SUCCESS",
  "FAILED",
  "ABORTED",
  "UNSTABLE",
  "PAUSED_PENDING_INPUT",
] as const;
export type StageStatus = (typeof STAGE_STATUSES)[number];

/** Where a triggered build is: still queued (maybe blocked), started as build N, or cancelled. */
export type QueueState =
  | { state: "queued"; why: string | null; blocked: boolean }
  | { state: "started"; buildNumber: number }
  | { state: "cancelled" };

export interface ArtifactRef {
  fileName: string;
  /** Path under the build's archive, as /artifact/<relativePath> serves it. */
  relativePath: string;
}

export interface BuildStatus {
  job: string;
  number: number;
  building: boolean;
  /** null while the build runs. */
  result: BuildResult | null;
  startedAt: string;
  durationMs: number;
  /** Jenkins' estimate from the previous builds; null when it has none. */
  estimatedDurationMs: number | null;
  artifacts: ArtifactRef[];
  url: string;
}

export interface StageProgress {
  id: string;
  name: string;
  status: StageStatus;
  startedAt: string | null;
  durationMs: number;
  error: string | null;
}

export interface ConsoleChunk {
  text: string;
  /** Byte offset to ask for next (X-Text-Size). */
  nextStart: number;
  /** true while the build may still write more (X-More-Data). */
  more: boolean;
}

export interface WaitOptions {
  timeoutMs?: number;
  pollMs?: number;
  signal?: AbortSignal;
}

export interface JenkinsApi {
  /** POST buildWithParameters; resolves to the queue item Jenkins answered with (Location header). */
  triggerBuild(job: string, params: Record<string, string>): Promise<{ queueId: number }>;
  getQueueItem(queueId: number): Promise<QueueState>;
  /** Polls the queue item until it has a build number; a cancelled item rejects (QueueItemCancelledError). */
  waitForBuild(queueId: number, options?: WaitOptions): Promise<number>;
  cancelQueueItem(queueId: number): Promise<void>;
  getBuild(job: string, number: number): Promise<BuildStatus>;
  /** Stages reached so far (Pipeline Stage View, wfapi/describe). */
  getStages(job: string, number: number): Promise<StageProgress[]>;
  /** The console from byte `start` on (logText/progressiveText). */
  getConsole(job: string, number: number, start: number): Promise<ConsoleChunk>;
  getArtifact(job: string, number: number, relativePath: string): Promise<string>;
  stopBuild(job: string, number: number): Promise<void>;
}
