// scripts/ci/argocd-sync-wait.sh (the Jenkinsfile's "Argo CD sync (dev)" stage) against the sandbox's
// Argo CD emulator, which — like argocd-server — answers a sync with the request in `.operation` and
// no operationState until its controller starts it (issue 16 item 9, issue 15 item 1). Each case is a
// state in which reading too early returns on, or dies of, the previous operation.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorld, type World } from "@/sandbox/world";
import { cloneGitops, commitTag } from "./helpers";

const run = promisify(execFile);
let world: World;
let clone: string;
// biome-ignore lint/suspicious/noExplicitAny: JSON read back from the emulator
type Json = any;

async function app(name: string): Promise<Json> {
  const res = await fetch(`${world.env.ARGOCD_URL}/api/v1/applications/${name}`, {
    headers: { authorization: `Bearer ${world.env.ARGOCD_TOKEN}` },
  });
  return res.json();
}

/** What a Jenkins agent's shell gets: PATH and HOME plus the stage's variables, nothing else of ours. */
const scriptEnv = (vars: Record<string, string>) =>
  ({ PATH: process.env.PATH, HOME: process.env.HOME, ...vars }) as unknown as NodeJS.ProcessEnv;

/** Runs the script as the Jenkinsfile does; resolves with its exit code and stderr. */
async function syncWait(application: string, env: Record<string, string>, timeoutSeconds = 60, extra: string[] = []) {
  try {
    const r = await run("scripts/ci/argocd-sync-wait.sh", [application, String(timeoutSeconds), ...extra], {
      env: scriptEnv({
        ARGOCD_URL: world.env.ARGOCD_URL!,
        ARGOCD_TOKEN: world.env.ARGOCD_TOKEN!,
        ARGOCD_POLL_SECONDS: "0.3",
        ...env,
      }),
    });
    return { code: 0, stderr: r.stderr };
  } catch (err) {
    const e = err as { code?: number; stderr?: string };
    return { code: e.code ?? -1, stderr: e.stderr ?? String(err) };
  }
}

beforeAll(async () => {
  world = await startWorld({
    services: [],
    // Argo CD polls git every 3 minutes: here it does not notice a commit by itself during a test, so
    // the application still looks Synced and Healthy on the previous commit when the script starts.
    timing: { pollMs: 600_000, autoSyncDelayMs: 300, syncDelayMs: 800, healthDelayMs: 800, operationPickupMs: 900 },
  });
  clone = cloneGitops(world.env.GITOPS_REPO_URL!);
});
afterAll(async () => {
  await world?.stop();
  if (clone) rmSync(clone, { recursive: true, force: true });
});

describe("argocd-sync-wait.sh against the Argo CD emulator", () => {
  it("as the Jenkinsfile runs it (gitops-set-tag.sh, then `… 600 pushed`): returns once that commit is deployed", async () => {
    const before = await app("nura-core-dev");
    expect(before.status).toMatchObject({ sync: { status: "Synced" }, health: { status: "Healthy" } });
    const artifacts = mkdtempSync(join(tmpdir(), "nura-sync-wait-"));
    await run("scripts/ci/gitops-set-tag.sh", ["nura-core", "dev", "1.6.0"], {
      env: scriptEnv({ GITOPS_REPO_URL: world.env.GITOPS_REPO_URL!, ARTIFACTS_DIR: artifacts }),
    });
    const sha = JSON.parse(readFileSync(join(artifacts, "gitops.json"), "utf8")).commit as string;
    const r = await syncWait("nura-core-dev", { ARTIFACTS_DIR: artifacts }, 60, ["pushed"]);
    rmSync(artifacts, { recursive: true, force: true });
    expect(r.code, r.stderr).toBe(0);
    const after = await app("nura-core-dev");
    expect(after.status.summary.images[0]).toMatch(/:1\.6\.0$/);
    expect(after.status.history.at(-1).revision).toBe(sha);
    expect(after.status.operationState.syncResult.revision).toBe(sha);
  });

  it("without EXPECTED_REVISION still waits for the revision its own sync resolved to", async () => {
    const sha = commitTag(clone, "helm/nura-ui/values-dev.yaml", "2.1.9");
    const r = await syncWait("nura-ui-dev", {});
    expect(r.code, r.stderr).toBe(0);
    expect((await app("nura-ui-dev")).status.history.at(-1).revision).toBe(sha);
  });

  it("does not die of the previous release's Degraded health while the fix deploys", async () => {
    commitTag(clone, "helm/nura-portal/values-dev.yaml", "0.9.0-bad");
    expect((await syncWait("nura-portal-dev", {})).code).toBe(6); // the bad one is Degraded: exit 6
    expect((await app("nura-portal-dev")).status.health.status).toBe("Degraded");
    const fix = commitTag(clone, "helm/nura-portal/values-dev.yaml", "0.9.1");
    const r = await syncWait("nura-portal-dev", { EXPECTED_REVISION: fix });
    expect(r.code, r.stderr).toBe(0);
    expect((await app("nura-portal-dev")).status.summary.images[0]).toMatch(/:0\.9\.1$/);
  });

  it("waits for an operation already in progress (auto-sync got there first) instead of failing", async () => {
    const sha = commitTag(clone, "helm/nura-core/values-dev.yaml", "1.6.1");
    const started = await fetch(`${world.env.ARGOCD_URL}/api/v1/applications/nura-core-dev/sync`, {
      method: "POST",
      headers: { authorization: `Bearer ${world.env.ARGOCD_TOKEN}`, "content-type": "application/json" },
      body: "{}",
    });
    expect(started.status).toBe(200);
    const r = await syncWait("nura-core-dev", { EXPECTED_REVISION: sha });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("already in progress");
    expect((await app("nura-core-dev")).status.history.at(-1).revision).toBe(sha);
  });

  it("accepts a later commit that contains the expected one (GITOPS_REPO_URL), and times out (7) on one never deployed", async () => {
    const ours = commitTag(clone, "helm/nura-ui/values-staging.yaml", "2.2.0");
    const later = commitTag(clone, "helm/nura-core/values-prod.yaml", "1.7.0"); // another pipeline's push
    const r = await syncWait("nura-ui-staging", {
      EXPECTED_REVISION: ours,
      GITOPS_REPO_URL: world.env.GITOPS_REPO_URL!,
    });
    expect(r.code, r.stderr).toBe(0);
    expect((await app("nura-ui-staging")).status.operationState.syncResult.revision).toBe(later);
    // Without the repository to check ancestry, a different revision is not taken as the expected one.
    const never = await syncWait("nura-ui-prod", { EXPECTED_REVISION: "f".repeat(40) }, 3);
    expect(never.code, never.stderr).toBe(7);
  });
});
