// The GitOps adapter in the sandbox world, with the Argo CD adapter, the way the executor will use
// them: the preview's current tag is what Argo CD deploys; a promotion commit turns the manual
// environment OutOfSync, a sync of exactly that revision deploys the new tag; a `bad` tag goes
// Degraded and the revert commit, synced, brings the old tag back.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { childProcessBaseEnv } from "@/lib/env";
import type { ArgoCdApi } from "@/lib/integrations/argocd/api";
import { createArgoCdClient } from "@/lib/integrations/argocd/client";
import type { GitOpsApi } from "@/lib/integrations/git/api";
import { createGitOpsClient } from "@/lib/integrations/git/client";
import { startWorld, type World } from "@/sandbox/world";
import { waitFor } from "../sandbox/helpers";
import { ALEX, app, DANA, PORTAL } from "./git-support";

let world: World;
let cacheDir: string;
let gitops: GitOpsApi;
let argocd: ArgoCdApi;
const ui = app("nura-ui");

beforeAll(async () => {
  world = await startWorld({
    services: [],
    timing: { pollMs: 200, autoSyncDelayMs: 200, syncDelayMs: 300, healthDelayMs: 600 },
  });
  cacheDir = mkdtempSync(join(tmpdir(), "nura-gitops-cache-"));
  gitops = createGitOpsClient({
    repoUrl: world.env.GITOPS_REPO_URL!,
    branch: world.env.GITOPS_BRANCH ?? "main",
    cacheDir,
    committer: PORTAL,
    timeoutMs: 20_000,
    pushAttempts: 5,
    inherited: childProcessBaseEnv(),
  });
  argocd = createArgoCdClient({ baseUrl: world.env.ARGOCD_URL!, token: world.env.ARGOCD_TOKEN!, timeoutMs: 5_000 });
});
afterAll(async () => {
  await world?.stop();
  if (cacheDir) rmSync(cacheDir, { recursive: true, force: true });
});

const settled = (name: string, what: (a: Awaited<ReturnType<ArgoCdApi["getApplication"]>>) => boolean) =>
  waitFor(name, async () => {
    const a = await argocd.getApplication(name);
    return what(a) && a;
  });

describe("promotion commit → Argo CD in the sandbox world", () => {
  it("commit → OutOfSync → sync of that revision → Healthy; bad tag → Degraded → revert → the old tag again", async () => {
    const before = await argocd.getApplication("nura-ui-staging");
    const source = await argocd.getApplication("nura-ui-dev");
    const preview = await gitops.previewPromotion({
      application: ui,
      fromEnvironment: "dev",
      toEnvironment: "staging",
      imageTag: source.imageTag!,
    });
    expect(preview.currentTag).toBe(before.imageTag);

    const pushed = await gitops.commitPromotion({
      promotionId: "sbx-1",
      application: ui,
      environment: "staging",
      imageTag: source.imageTag!,
      expectedBlobSha: preview.targetBlobSha,
      author: DANA,
      approvers: [ALEX],
    });
    await settled("nura-ui-staging", (a) => a.syncStatus === "OutOfSync");
    await argocd.sync("nura-ui-staging", { revision: pushed.sha });
    const deployed = await settled("nura-ui-staging", (a) => a.health === "Healthy" && a.syncStatus === "Synced");
    expect(deployed).toMatchObject({ revision: pushed.sha, imageTag: source.imageTag });

    const bad = await gitops.commitPromotion({
      promotionId: "sbx-2",
      application: ui,
      environment: "staging",
      imageTag: `${source.imageTag}-bad`,
      expectedBlobSha: (await gitops.readTarget(ui, "staging")).blobSha,
      author: DANA,
      approvers: [ALEX],
    });
    await settled("nura-ui-staging", (a) => a.syncStatus === "OutOfSync");
    await argocd.sync("nura-ui-staging", { revision: bad.sha });
    await settled("nura-ui-staging", (a) => a.health === "Degraded");

    const revert = await gitops.revertPromotion({
      promotionId: "sbx-2",
      application: ui,
      environment: "staging",
      commitSha: bad.sha,
      reason: "nura-ui-staging Degraded after sync",
    });
    expect(revert.newTag).toBe(source.imageTag);
    await settled("nura-ui-staging", (a) => a.syncStatus === "OutOfSync");
    await argocd.sync("nura-ui-staging", { revision: revert.sha });
    const restored = await settled(
      "nura-ui-staging",
      (a) => a.health === "Healthy" && a.syncStatus === "Synced" && a.revision === revert.sha,
    );
    expect(restored.imageTag).toBe(source.imageTag);
  });
});
