// Jenkins wire shapes → the port's domain types. Pure, unit-tested.
import {
  BUILD_RESULTS,
  type BuildResult,
  type BuildStatus,
  type QueueState,
  STAGE_STATUSES,
  type StageProgress,
  type StageStatus,
} from "./api";
import type { BuildWire, QueueItemWire, RunDescriptionWire } from "./schemas";

export function mapQueueItem(item: QueueItemWire): QueueState {
  if (item.executable) return { state: "started", buildNumber: item.executable.number };
  if (item.cancelled) return { state: "cancelled" };
  return {
    state: "queued",
    why: item.why ?? null,
    blocked: item.blocked === true || (item._class?.endsWith("$BlockedItem") ?? false),
  };
}

function asResult(result: string | null): BuildResult | null {
  if (result === null) return null;
  return (BUILD_RESULTS as readonly string[]).includes(result) ? (result as BuildResult) : "FAILURE";
}

export function mapBuild(job: string, b: BuildWire): BuildStatus {
  return {
    job,
    number: b.number,
    building: b.building,
    result: b.building ? null : asResult(b.result),
    startedAt: new Date(b.timestamp).toISOString(),
    durationMs: b.duration,
    estimatedDurationMs: b.estimatedDuration !== undefined && b.estimatedDuration >= 0 ? b.estimatedDuration : null,
    artifacts: b.artifacts.map((a) => ({ fileName: a.fileName, relativePath: a.relativePath })),
    url: b.url,
  };
}

function asStageStatus(s: string): StageStatus {
  return (STAGE_STATUSES as readonly string[]).includes(s) ? (s as StageStatus) : "NOT_EXECUTED";
}

export function mapStages(d: RunDescriptionWire): StageProgress[] {
  return d.stages.map((s) => ({
    id: s.id,
    name: s.name,
    status: asStageStatus(s.status),
    startedAt: s.startTimeMillis ? new Date(s.startTimeMillis).toISOString() : null,
    durationMs: s.durationMillis ?? 0,
    error: s.error?.message ?? null,
  }));
}

/** The queue id in a buildWithParameters Location header (…/queue/item/<id>/). */
export function queueIdFromLocation(location: string | null): number | null {
  const m = location ? /\/queue\/item\/(\d+)\/?$/.exec(location) : null;
  return m ? Number(m[1]) : null;
}

/** URL path of a job: "team/nura-infra-plan" → "/job/team/job/nura-infra-plan". */
export function jobPath(job: string): string {
  return job
    .split("/")
    .filter(Boolean)
    .map((s) => `/job/${encodeURIComponent(s)}`)
    .join("");
}

/**
 * How many leading bytes of `bytes` form complete UTF-8 characters, so a console chunk never ends
 * inside a multi-byte character (the next request starts at the first incomplete one).
 */
export function completeUtf8Length(bytes: Uint8Array): number {
  const n = bytes.length;
  // Walk back over at most 3 continuation bytes to the last lead byte.
  for (let back = 1; back <= Math.min(4, n); back++) {
    const b = bytes[n - back]!;
    if ((b & 0xc0) === 0x80) continue; // continuation byte
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? n - back : n;
  }
  return n;
}

/** Jenkins' HTML error pages carry the reason in <title>Error 403 …</title>. */
export function describeJenkinsError(status: number, body: string): string {
  const title = /<title>\s*(?:Error\s+\d+\s+)?([^<]*)<\/title>/i.exec(body)?.[1]?.trim();
  if (title) return title;
  const text = body.trim();
  return text ? text.slice(0, 200) : `HTTP ${status}`;
}
