// One freshness signal per page (issue 13 item 3): the upstream sources' states and the page's own
// refresh folded into one headline, so "All sources live" can never sit next to a failed refresh.
import { type SourceStatus, sourcesTone, type Tone } from "./status-rollup";

export type PageFreshness =
  /** Every source answered and the page's last refresh worked; `at` is when the answer was made. */
  | { kind: "live"; tone: "ok"; at: string; degraded: [] }
  /** The page's own refresh failed (or cannot run): what is on screen dates from `since`. */
  | { kind: "stale"; tone: Tone; since: string; reason: string; degraded: SourceStatus[] }
  /** The refresh works but some upstreams are stale or missing: each says since when. */
  | { kind: "degraded"; tone: Tone; at: string; degraded: SourceStatus[] };

export function pageFreshness(input: {
  sources: SourceStatus[];
  generatedAt: string;
  refreshError: string | null;
}): PageFreshness {
  const degraded = input.sources.filter((s) => s.state !== "ok");
  if (input.refreshError !== null) {
    // What is on screen is the last answer: it dates from generatedAt, whatever the sources said then.
    return {
      kind: "stale",
      tone: sourcesTone(input.sources) === "bad" ? "bad" : "warn",
      since: input.generatedAt,
      reason: input.refreshError,
      degraded,
    };
  }
  if (degraded.length === 0) return { kind: "live", tone: "ok", at: input.generatedAt, degraded: [] };
  return { kind: "degraded", tone: sourcesTone(input.sources), at: input.generatedAt, degraded };
}

/**
 * Why a polled page is not refreshing, in words, or null while it is: the last poll's error, or the
 * browser being offline (TanStack Query pauses instead of failing then, which would otherwise leave
 * the page saying "live" forever).
 */
export function refreshProblem(error: string | null, paused = false): string | null {
  if (error !== null) return `refresh failed: ${error}`;
  return paused ? "offline, not refreshing" : null;
}
