// "What is behind what?" (issue 13 item 7): an application's image tags along the promotion path
// (dev → staging → prod), each compared with the environment before it. Pure.
import { compareTags } from "./promotion-candidates";

export type DriftMark =
  /** The first environment of the path: nothing to compare with. */
  | "first"
  | "same"
  /** Runs an older tag than the previous environment: a promotion is waiting. */
  | "behind"
  /** Runs a newer tag than the previous environment (a hotfix, or a promotion that skipped it). */
  | "ahead"
  /** This tag or the previous one is unknown. */
  | "unknown";

export interface VersionStep {
  environment: string;
  tag: string | null;
  mark: DriftMark;
  /** The environment this one was compared with. */
  previous: string | null;
}

export function versionPath(path: readonly string[], tagOf: (env: string) => string | null): VersionStep[] {
  return path.map((environment, i) => {
    const tag = tagOf(environment);
    if (i === 0) return { environment, tag, mark: "first", previous: null };
    const previous = path[i - 1]!;
    const before = tagOf(previous);
    if (!tag || !before) return { environment, tag, mark: "unknown", previous };
    const c = compareTags(tag, before);
    return { environment, tag, mark: c === 0 ? "same" : c < 0 ? "behind" : "ahead", previous };
  });
}

/** True when some environment runs a different tag than the one before it. */
export function hasDrift(steps: readonly VersionStep[]): boolean {
  return steps.some((s) => s.mark === "behind" || s.mark === "ahead");
}

/** The sentence a screen reader hears for the path: "dev 1.4.3, staging 1.4.2 (behind dev), prod 1.4.2". */
export function describeVersionPath(steps: readonly VersionStep[]): string {
  return steps
    .map((s) => {
      const what = `${s.environment} ${s.tag ?? "unknown"}`;
      if (s.mark === "behind") return `${what} (behind ${s.previous})`;
      if (s.mark === "ahead") return `${what} (ahead of ${s.previous})`;
      return what;
    })
    .join(", ");
}
