// One freshness signal per page (issue 13 item 3): the upstream sources' states and the page's own
// refresh folded into one headline, so "All sources live" can never sit next to a failed refresh.
import { type SourceStatus, sourcesTone, type Tone } from "./status-rollup";

export interface PageFreshness {
  tone: Tone;
  /** "All sources live", "Stale since 10:04:05 — refresh failed: …", or null when only sources are degraded. */
  headline: string | null;
  /** The sources that are stale or missing, each shown with its own "since". */
  degraded: SourceStatus[];
}

export function pageFreshness(
  input: { sources: SourceStatus[]; generatedAt: string; refreshError: string | null },
  formatTime: (iso: string) => string,
): PageFreshness {
  const degraded = input.sources.filter((s) => s.state !== "ok");
  if (input.refreshError !== null) {
    // What is on screen is the last answer: it dates from generatedAt, whatever the sources said then.
    return {
      tone: sourcesTone(input.sources) === "bad" ? "bad" : "warn",
      headline: `Stale since ${formatTime(input.generatedAt)} — refresh failed: ${input.refreshError}`,
      degraded,
    };
  }
  if (degraded.length === 0) return { tone: "ok", headline: "All sources live", degraded };
  return { tone: sourcesTone(input.sources), headline: null, degraded };
}
