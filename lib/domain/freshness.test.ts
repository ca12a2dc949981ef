import { describe, expect, it } from "vitest";
import { pageFreshness } from "./freshness";
import type { SourceStatus } from "./status-rollup";

const t = (iso: string) => iso.slice(11, 19);
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
    expect(pageFreshness({ sources: [live], generatedAt: "2026-12-01T10:04:05Z", refreshError: null }, t)).toEqual({
      tone: "ok",
      headline: "All sources live",
      degraded: [],
    });
  });

  it("turns amber with 'stale since' when the page's refresh fails, instead of staying green", () => {
    const f = pageFreshness({ sources: [live], generatedAt: "2026-12-01T10:04:05Z", refreshError: "HTTP 502" }, t);
    expect(f).toEqual({ tone: "warn", headline: "Stale since 10:04:05 — refresh failed: HTTP 502", degraded: [] });
    expect(f.headline).not.toContain("live");
  });

  it("lists degraded sources on their own, and stays red when one is missing", () => {
    expect(
      pageFreshness({ sources: [live, stale], generatedAt: "2026-12-01T10:04:05Z", refreshError: null }, t),
    ).toEqual({
      tone: "warn",
      headline: null,
      degraded: [stale],
    });
    const missing = { ...stale, state: "missing" as const };
    expect(pageFreshness({ sources: [missing], generatedAt: "2026-12-01T10:04:05Z", refreshError: "x" }, t).tone).toBe(
      "bad",
    );
  });
});
