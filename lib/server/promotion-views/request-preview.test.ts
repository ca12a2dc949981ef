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

const gitPreview = {
  valuesPath: "helm/core/values-prod.yaml",
  currentTag: "1.0.0",
  diff: "-  tag: 1.0.0\n+  tag: 1.1.0\n",
  commits: [],
  commitsComplete: true,
};

function service(gitLoader?: GitPreviewLoader, gitColdWaitMs?: number) {
  const git = vi.fn<GitPreviewLoader>(gitLoader ?? (async () => gitPreview));
  const argocd = { getApplication: vi.fn(async (n: string) => app(n, n === "core-dev" ? "1.1.0" : "1.0.0")) };
  const grafana = { queryRange: vi.fn(async () => ({})) };
  const preview = createRequestPreviewService({
    catalog: async () => catalog,
    argocd,
    grafana: grafana as never,
    git,
    gitColdWaitMs,
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

  it("marks a section still being read as pending (the page looks again), and a failed one not", async () => {
    let finish: () => void = () => {};
    const slow = new Promise<void>((r) => {
      finish = r;
    });
    const { preview } = service(async () => {
      await slow;
      return gitPreview;
    }, 10);
    const cold = await preview.get("core", "prod");
    expect(cold.git).toEqual({ value: null, error: "no answer yet", pending: true });
    expect(cold.source.pending).toBe(false);
    finish();
    await slow;
    const warm = await preview.get("core", "prod");
    expect(warm.git).toMatchObject({ value: gitPreview, error: null, pending: false });

    const failing = service(async () => {
      throw new Error("fetch failed: repository not found");
    });
    const failed = await failing.preview.get("core", "prod");
    expect(failed.git).toEqual({ value: null, error: "fetch failed: repository not found", pending: false });
  });
});
