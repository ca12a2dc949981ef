import { describe, expect, it, vi } from "vitest";
import type { AppStatus } from "@/lib/integrations/argocd/api";
import { devProdCatalog as catalog } from "@/tests/support/catalog-fixture";
import { createRequestPreviewService, type GitPreviewLoader } from "./request-preview";

const app = (name: string, imageTag: string): AppStatus => ({
  name,
  project: "default",
  application: "core",
  environment: null,
  syncStatus: "Synced",
  revision: "a".repeat(40),
  health: "Healthy",
  healthMessage: null,
  images: [`registry/core:${imageTag}`],
  imageTag,
  autoSync: false,
  lastDeploy: null,
  operation: null,
  history: [],
  reconciledAt: null,
});

function service() {
  const git = vi.fn<GitPreviewLoader>(async () => ({
    valuesPath: "helm/core/values-prod.yaml",
    currentTag: "1.0.0",
    diff: "-  tag: 1.0.0\n+  tag: 1.1.0\n",
    commits: [],
    commitsComplete: true,
  }));
  const argocd = { getApplication: vi.fn(async (n: string) => app(n, n === "core-dev" ? "1.1.0" : "1.0.0")) };
  const grafana = { queryRange: vi.fn(async () => ({})) };
  const preview = createRequestPreviewService({
    catalog: async () => catalog,
    argocd,
    grafana: grafana as never,
    git,
    now: () => new Date("2026-12-01T12:00:00Z"),
  });
  return { preview, git, argocd, grafana };
}

describe("request preview", () => {
  it("loads the git preview once per render and not again while it is fresh", async () => {
    const { preview, git, argocd } = service();
    const p = await preview.get("core", "prod");
    expect(p.git.value?.diff).toContain("+  tag: 1.1.0");
    expect(p).toMatchObject({ fromEnvironment: "dev", imageTag: "1.1.0", targetTag: "1.0.0", blocker: null });
    expect(git).toHaveBeenCalledTimes(1);
    expect(argocd.getApplication).toHaveBeenCalledTimes(2);
    await preview.get("core", "prod");
    expect(git).toHaveBeenCalledTimes(1);
    expect(argocd.getApplication).toHaveBeenCalledTimes(2);
  });

  it("names an unknown application or environment (404) and refuses the first environment (400)", async () => {
    const { preview, git } = service();
    await expect(preview.get("nope", "prod")).rejects.toMatchObject({
      status: 404,
      message: 'Unknown application "nope"',
    });
    await expect(preview.get("core", "qa")).rejects.toMatchObject({ status: 404, message: 'Unknown environment "qa"' });
    await expect(preview.get("core", "dev")).rejects.toMatchObject({ status: 400 });
    expect(git).not.toHaveBeenCalled();
  });
});
