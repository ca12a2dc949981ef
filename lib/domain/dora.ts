// DORA's four keys from the portal's own promotion records. Pure: records in, figures and
// chart-ready daily series out. Definitions (docs: dora.dev/guides/dora-metrics-four-keys):
// - a *deployment* is a promotion that reached the target environment's GitOps repo and finished:
//   succeeded, failed after its commit, or rolled back. Requests that never deployed (rejected,
//   cancelled, expired, superseded, still running) are not deployments;
// - deployment frequency: succeeded deployments per day, over the window;
// - lead time for changes: from the first GitOps commit of the tag in the first environment (dev)
//   to the promotion that made it succeed in this environment;
// - change failure rate: (failed + rolled back) ÷ all deployments;
// - time to restore: from a failed deployment's commit (the bad change reaching the environment) to
//   its rollback completing, or — when it was not rolled back — to the next succeeded deployment of
//   the same application in the same environment.

export type DeploymentOutcome = "succeeded" | "failed" | "rolled_back";

export interface DeploymentRecord {
  application: string;
  environment: string;
  imageTag: string;
  outcome: DeploymentOutcome;
  /** When the commit reached the environment (start of the deployment). */
  deployedAt: Date;
  /** When the promotion reached its final state (succeeded, failed, rollback done). */
  finishedAt: Date;
}

export interface DoraInput {
  deployments: DeploymentRecord[];
  /** First GitOps commit of `tag` in the first environment, when known. */
  firstCommitAt: (application: string, imageTag: string) => Date | null;
  window: { from: Date; to: Date };
}

export interface DoraSummary {
  deployments: number;
  succeeded: number;
  failures: number;
  /** Succeeded deployments per day over the window. */
  deploymentsPerDay: number;
  /** null when there is nothing to measure (no deployment / no failure). */
  changeFailureRate: number | null;
  leadTimeMedianMs: number | null;
  timeToRestoreMedianMs: number | null;
}

export interface DoraDay {
  /** UTC day, YYYY-MM-DD. */
  day: string;
  succeeded: number;
  failures: number;
  /** Median lead time (hours) of that day's succeeded deployments. */
  leadTimeHours: number | null;
}

export interface DoraReport {
  summary: DoraSummary;
  days: DoraDay[];
}

const DAY_MS = 86_400_000;

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

const dayOf = (d: Date) => d.toISOString().slice(0, 10);
const isFailure = (o: DeploymentOutcome) => o !== "succeeded";

function leadTimeMs(d: DeploymentRecord, firstCommitAt: DoraInput["firstCommitAt"]): number | null {
  if (d.outcome !== "succeeded") return null;
  const first = firstCommitAt(d.application, d.imageTag);
  if (!first) return null;
  return Math.max(0, d.finishedAt.getTime() - first.getTime());
}

/** Restore times of the failures in `deps` (one application × environment, any order). */
export function restoreTimesMs(deps: DeploymentRecord[]): number[] {
  const sorted = [...deps].sort((a, b) => a.deployedAt.getTime() - b.deployedAt.getTime());
  const out: number[] = [];
  sorted.forEach((d, i) => {
    if (d.outcome === "rolled_back") out.push(d.finishedAt.getTime() - d.deployedAt.getTime());
    else if (d.outcome === "failed") {
      const next = sorted.slice(i + 1).find((n) => n.outcome === "succeeded");
      if (next) out.push(next.finishedAt.getTime() - d.deployedAt.getTime());
    }
  });
  return out.map((ms) => Math.max(0, ms));
}

export function doraReport(input: DoraInput): DoraReport {
  const { from, to } = input.window;
  const inWindow = input.deployments.filter((d) => d.finishedAt >= from && d.finishedAt <= to);
  const succeeded = inWindow.filter((d) => d.outcome === "succeeded");
  const failures = inWindow.filter((d) => isFailure(d.outcome));
  const leadTimes = succeeded.map((d) => leadTimeMs(d, input.firstCommitAt)).filter((v): v is number => v !== null);

  const byTarget = new Map<string, DeploymentRecord[]>();
  for (const d of inWindow) {
    const k = `${d.application}\u0000${d.environment}`;
    byTarget.set(k, [...(byTarget.get(k) ?? []), d]);
  }
  const restores = [...byTarget.values()].flatMap(restoreTimesMs);

  const days: DoraDay[] = [];
  const firstDay = Date.parse(`${dayOf(from)}T00:00:00Z`);
  for (let t = firstDay; t <= to.getTime(); t += DAY_MS) {
    const day = dayOf(new Date(t));
    const ofDay = inWindow.filter((d) => dayOf(d.finishedAt) === day);
    const lt = ofDay.map((d) => leadTimeMs(d, input.firstCommitAt)).filter((v): v is number => v !== null);
    const m = median(lt);
    days.push({
      day,
      succeeded: ofDay.filter((d) => d.outcome === "succeeded").length,
      failures: ofDay.filter((d) => isFailure(d.outcome)).length,
      leadTimeHours: m === null ? null : Math.round((m / 3_600_000) * 100) / 100,
    });
  }

  const spanDays = Math.max(1, (to.getTime() - from.getTime()) / DAY_MS);
  return {
    summary: {
      deployments: inWindow.length,
      succeeded: succeeded.length,
      failures: failures.length,
      deploymentsPerDay: Math.round((succeeded.length / spanDays) * 100) / 100,
      changeFailureRate: inWindow.length ? failures.length / inWindow.length : null,
      leadTimeMedianMs: median(leadTimes),
      timeToRestoreMedianMs: median(restores),
    },
    days,
  };
}

/** "42 s", "17 min", "5.2 h", "3.1 d": durations for the DORA cards. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return "–";
  const s = ms / 1000;
  if (s < 90) return `${Math.round(s)} s`;
  const m = s / 60;
  if (m < 90) return `${Math.round(m)} min`;
  const h = m / 60;
  if (h < 36) return `${Math.round(h * 10) / 10} h`;
  return `${Math.round((h / 24) * 10) / 10} d`;
}
