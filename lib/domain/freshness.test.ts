import { describe, expect, it } from "vitest";
import { pageFreshness, refreshProblem } from "./freshness";
import type { SourceStatus } from "./status-rollup";

const at = "2026-12-01T10:04:05Z";
const live: SourceStatus = { id: "argocd", label: "Argo CD", state: "ok", since: null, error: null };
const stale: SourceStatus = {
  id: "grafana",
  label: "Grafana",
  state: "stale",
  since: "2026-12-01T10:01:00Z",
  error: "timeout",
};

describe("pageFreshness", () => {
  it("is green only when every source is live and the page's own refresh worked", () => {
    expect(pageFreshness({ sources: [live], generatedAt: at, refreshError: null })).toEqual({
      kind: "live",
      tone: "ok",
      at,
      degraded: [],
    });
  });

  it("turns amber, stale since the answer on screen, when the page's refresh fails, instead of staying green", () => {
    const f = pageFreshness({ sources: [live], generatedAt: at, refreshError: "refresh failed: HTTP 502" });
    expect(f).toEqual({ kind: "stale", tone: "warn", since: at, reason: "refresh failed: HTTP 502", degraded: [] });
  });

  it("lists degraded sources on their own, and stays red when one is missing", () => {
    expect(pageFreshness({ sources: [live, stale], generatedAt: at, refreshError: null })).toEqual({
      kind: "degraded",
      tone: "warn",
      at,
      degraded: [stale],
    });
    const missing = { ...stale, state: "missing" as const };
    expect(pageFreshness({ sources: [missing], generatedAt: at, refreshError: "x" }).tone).toBe("bad");
    expect(pageFreshness({ sources: [missing], generatedAt: at, refreshError: null }).tone).toBe("bad");
  });
});

describe("refreshProblem", () => {
  it("names a failed poll, an offline browser, or nothing", () => {
    expect(refreshProblem("HTTP 502")).toBe("refresh failed: HTTP 502");
    expect(refreshProblem("HTTP 502", true)).toBe("refresh failed: HTTP 502");
    expect(refreshProblem(null, true)).toBe("offline, not refreshing");
    expect(refreshProblem(null)).toBeNull();
  });
});
