// The request page's diff section: the exact diff when the promotion changes the values file, and a
// sentence, not an empty box, when the target already sets the tag.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { RequestPreview } from "@/lib/server/promotion-views/request-preview";
import { RequestPreviewView } from "./request-preview-view";

const stats = { latest: 0.01, max: 0.02, mean: 0.01 };
const preview = (diff: string, currentTag: string): RequestPreview => ({
  application: "nura-ui",
  fromEnvironment: "dev",
  fromEnvironmentName: "Development",
  toEnvironment: "staging",
  toEnvironmentName: "Staging",
  approvalsRequired: 1,
  imageTag: "2.1.0",
  targetTag: currentTag,
  blocker: null,
  source: {
    value: { syncStatus: "Synced", health: "Healthy", healthMessage: null, revision: null, deployedAt: null },
    error: null,
    pending: false,
  },
  metrics: { value: { errorRatio: stats, p95Latency: stats }, error: null, pending: false },
  soak: { met: true, requiredMinutes: 0, remainingMinutes: 0, healthySince: null, readyAt: null },
  git: {
    value: { valuesPath: "nura-ui/values-staging.yaml", currentTag, diff, commits: [], commitsComplete: true },
    error: null,
    pending: false,
  },
  generatedAt: "2026-12-01T10:00:00Z",
});

describe("request preview diff", () => {
  it("shows the unified diff of the values file", () => {
    const diff =
      "--- a/nura-ui/values-staging.yaml\n+++ b/nura-ui/values-staging.yaml\n@@ -3 +3 @@\n-  tag: 2.0.0\n+  tag: 2.1.0\n";
    const html = renderToStaticMarkup(createElement(RequestPreviewView, { p: preview(diff, "2.0.0") }));
    expect(html).toContain('data-testid="diff"');
    expect(html).toContain("+  tag: 2.1.0");
    expect(html).not.toContain('data-testid="diff-empty"');
  });

  it("says there is no change instead of an empty diff box when the target already sets the tag", () => {
    const html = renderToStaticMarkup(createElement(RequestPreviewView, { p: preview("", "2.1.0") }));
    expect(html).not.toContain('data-testid="diff"');
    expect(html).toContain("No change: <code>nura-ui/values-staging.yaml</code> already sets 2.1.0.");
  });
});
