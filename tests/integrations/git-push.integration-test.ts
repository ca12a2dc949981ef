// Pushing GitOps commits against a real bare repository while others write to it: a push racing
// another writer (rebased, never forced, nothing lost), a branch that never stops moving, a file
// that moved under a pending promotion, a remote hook that refuses, a commit another process
// already pushed, reverts and rollbacks, timeouts, and many callers on one working copy — in one
// process and in two processes sharing the cache dir.
import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { PushedCommit } from "@/lib/integrations/git/api";
import { type GitError, isGitError } from "@/lib/integrations/git/errors";
import {
  ALEX,
  app,
  changedLines,
  client,
  DANA,
  git,
  gitWrapper,
  makeRemote,
  otherWriter,
  PORTAL,
  REPO_ROOT,
  type TestRemote,
} from "./git-support";

let remote: TestRemote;
beforeEach(async () => {
  remote = await makeRemote();
});
afterEach(() => remote.cleanup());

const core = app("nura-core");
const ui = app("nura-ui");

async function promote(
  gitops: ReturnType<typeof client>,
  promotionId: string,
  environment = "staging",
  imageTag = "1.4.2",
  application = core,
): Promise<PushedCommit> {
  const target = await gitops.readTarget(application, environment);
  return gitops.commitPromotion({
    promotionId,
    application,
    environment,
    imageTag,
    expectedBlobSha: target.blobSha,
    author: DANA,
    approvers: [ALEX],
  });
}

const subjects = (bare: string, n: number) =>
  git(bare, ["log", `-n${n}`, "--format=%s", "main"])
    .trim()
    .split("\n");
const grep = (bare: string, text: string) =>
  git(bare, ["log", "--format=%H", "--fixed-strings", `--grep=${text}`, "main"]).trim();

/** A commit the other writer has made locally, pushed by the wrapper at the chosen moment. */
function pendingCommit(dir: string, path: string, edit: (t: string) => string, message: string): void {
  git(dir, ["pull", "--quiet", "--rebase", "origin", "main"]);
  const file = join(dir, path);
  writeFileSync(file, edit(git(dir, ["show", `HEAD:${path}`])));
  git(dir, ["commit", "--quiet", "-am", message]);
}

describe("push racing another writer", () => {
  it("non-fast-forward: fetches, rebases and pushes again; both commits are on the remote, nothing forced", async () => {
    const writer = otherWriter(remote);
    pendingCommit(
      writer.dir,
      "helm/nura-ui/values-dev.yaml",
      (t) => t.replace(/replicaCount: \d+/, "replicaCount: 4"),
      "chore(nura-ui): 4 replicas in dev",
    );
    const writerSha = git(writer.dir, ["rev-parse", "HEAD"]).trim();
    const wrapper = gitWrapper(remote, "push", `git -C '${writer.dir}' push -q origin HEAD:main`);
    const pushed = await promote(client(remote, { gitBinary: wrapper }), "prm_nff");

    expect(pushed.pushAttempts).toBe(2);
    expect(remote.head()).toBe(pushed.sha);
    // Rebased onto the other writer's commit: linear, the other commit kept.
    expect(git(remote.bare, ["rev-parse", `${pushed.sha}^`]).trim()).toBe(writerSha);
    expect(subjects(remote.bare, 2)).toEqual([
      "promote(nura-core): 1.4.2 to staging",
      "chore(nura-ui): 4 replicas in dev",
    ]);
    expect(changedLines(pushed.unifiedDiff)).toEqual(['-  tag: "1.4.1"', '+  tag: "1.4.2"']);
    expect(git(remote.bare, ["log", "-1", "--format=%an|%cn", pushed.sha]).trim()).toBe(`${DANA.name}|${PORTAL.name}`);
  });

  it("a branch that keeps moving: gives up after the bounded attempts, pushes nothing, loses nothing", async () => {
    const writer = otherWriter(remote);
    const before = remote.count();
    const snippet = `cd '${writer.dir}' && git pull -q --rebase origin main && date +%s%N >> NOTES.md && git add NOTES.md && git commit -qm note && git push -q origin HEAD:main`;
    const wrapper = gitWrapper(remote, "push", snippet, 100);
    const err = await promote(client(remote, { gitBinary: wrapper, pushAttempts: 3 }), "prm_busy").catch(
      (e: unknown) => e,
    );
    expect(isGitError(err, "non_fast_forward_exhausted")).toBe(true);
    expect((err as Error).message).toMatch(/3 pushes were rejected as non-fast-forward/);
    expect(remote.count()).toBe(before + 3);
    expect(subjects(remote.bare, 3)).toEqual(["note", "note", "note"]);
    expect(grep(remote.bare, "Promotion-Id: prm_busy")).toBe("");
  });

  it("the target file moved between our fetch and our push: superseded on the retry, nothing of ours pushed", async () => {
    const writer = otherWriter(remote);
    pendingCommit(
      writer.dir,
      "helm/nura-core/values-staging.yaml",
      (t) => t.replace('tag: "1.4.1"', 'tag: "1.4.9"'),
      "hotfix: 1.4.9 to staging",
    );
    const wrapper = gitWrapper(remote, "push", `git -C '${writer.dir}' push -q origin HEAD:main`);
    const err = await promote(client(remote, { gitBinary: wrapper }), "prm_moved").catch((e: unknown) => e);
    expect(isGitError(err, "superseded")).toBe(true);
    expect(subjects(remote.bare, 1)).toEqual(["hotfix: 1.4.9 to staging"]);
    expect(grep(remote.bare, "Promotion-Id: prm_moved")).toBe("");
  });

  it("another process pushed the same promotion in between: its commit is returned, ours is dropped", async () => {
    const writer = otherWriter(remote);
    pendingCommit(
      writer.dir,
      "helm/nura-core/values-staging.yaml",
      (t) => t.replace('tag: "1.4.1"', 'tag: "1.4.2"'),
      "promote(nura-core): 1.4.2 to staging\n\nPromotion-Id: prm_twice",
    );
    const theirs = git(writer.dir, ["rev-parse", "HEAD"]).trim();
    const wrapper = gitWrapper(remote, "push", `git -C '${writer.dir}' push -q origin HEAD:main`);
    const pushed = await promote(client(remote, { gitBinary: wrapper }), "prm_twice");
    expect(pushed).toMatchObject({ sha: theirs, alreadyOnRemote: true, pushAttempts: 1 });
    expect(grep(remote.bare, "Promotion-Id: prm_twice")).toBe(theirs);
  });
});

describe("push refused by the remote", () => {
  it("a pre-receive hook that rejects: push_refused with the hook's own message, nothing pushed", async () => {
    const hook = join(remote.bare, "hooks", "pre-receive");
    writeFileSync(hook, '#!/bin/sh\necho "main is frozen for the 1.5 release; ask #nura-releases" >&2\nexit 1\n', {
      mode: 0o755,
    });
    const head = remote.head();
    const err = (await promote(client(remote), "prm_frozen").catch((e: unknown) => e)) as GitError;
    expect(isGitError(err, "push_refused")).toBe(true);
    expect(err.gitMessage).toBe("pre-receive hook declined: main is frozen for the 1.5 release; ask #nura-releases");
    expect(err.message).toBe(`the GitOps remote refused the push: ${err.gitMessage}`);
    expect(remote.head()).toBe(head);
  });
});

describe("revert and rollback", () => {
  it("reverts a promotion commit with the reason and trailers, pushed; idempotent", async () => {
    const gitops = client(remote);
    const original = git(remote.bare, ["show", "main:helm/nura-core/values-staging.yaml"]);
    const pushed = await promote(gitops, "prm_rev");
    const req = {
      promotionId: "prm_rev",
      application: core,
      environment: "staging",
      commitSha: pushed.sha,
      reason: "nura-core-staging Degraded: CrashLoopBackOff",
    };
    const reverted = await gitops.revertPromotion(req);
    expect(reverted).toMatchObject({
      kind: "revert",
      previousTag: "1.4.2",
      newTag: "1.4.1",
      alreadyOnRemote: false,
      pushAttempts: 1,
    });
    expect(remote.head()).toBe(reverted.sha);
    expect(git(remote.bare, ["show", "main:helm/nura-core/values-staging.yaml"])).toBe(original);
    expect(changedLines(reverted.unifiedDiff)).toEqual(['-  tag: "1.4.2"', '+  tag: "1.4.1"']);
    expect(git(remote.bare, ["log", "-1", "--format=%an <%ae>|%B", reverted.sha]).trim()).toBe(
      `${PORTAL.name} <${PORTAL.email}>|Revert "promote(nura-core): 1.4.2 to staging"\n\n` +
        `Promotion prm_rev rolled back: nura-core-staging Degraded: CrashLoopBackOff\n\n` +
        `This reverts commit ${pushed.sha}.\n\nPromotion-Id: prm_rev\nReverts: ${pushed.sha}`,
    );
    const again = await gitops.revertPromotion(req);
    expect(again).toMatchObject({ sha: reverted.sha, alreadyOnRemote: true });
    // The promotion itself is still found as the promote commit, the revert as the revert.
    expect((await gitops.findPromotionCommit("prm_rev", "promote"))?.sha).toBe(pushed.sha);
    expect((await gitops.findPromotionCommit("prm_rev", "revert"))?.sha).toBe(reverted.sha);
  });

  it("refuses a revert that no longer applies (conflict) and a commit that is not on the branch", async () => {
    const gitops = client(remote);
    const pushed = await promote(gitops, "prm_conf");
    otherWriter(remote).change("helm/nura-core/values-staging.yaml", (t) => t.replace('tag: "1.4.2"', 'tag: "1.5.0"'));
    const head = remote.head();
    const base = { promotionId: "prm_conf", application: core, environment: "staging", reason: "bad" };
    const err = await gitops.revertPromotion({ ...base, commitSha: pushed.sha }).catch((e: unknown) => e);
    expect(isGitError(err, "conflict")).toBe(true);
    const err2 = await gitops.revertPromotion({ ...base, commitSha: "f".repeat(40) }).catch((e: unknown) => e);
    expect(isGitError(err2, "not_found")).toBe(true);
    expect(remote.head()).toBe(head);
    // The working copy is clean again for the next caller.
    expect((await gitops.readTarget(core, "staging")).currentTag).toBe("1.5.0");
  });

  it("rolls back to an earlier promotion's tag with the same one-line edit; idempotent", async () => {
    const gitops = client(remote);
    await promote(gitops, "prm_a", "staging", "1.4.2");
    await promote(gitops, "prm_b", "staging", "1.5.0");
    const target = await gitops.readTarget(core, "staging");
    const req = {
      promotionId: "rb_1",
      application: core,
      environment: "staging",
      imageTag: "1.4.2",
      rollsBackTo: "prm_a",
      reason: "1.5.0 doubles the p95",
      author: ALEX,
      expectedBlobSha: target.blobSha,
    };
    const rolled = await gitops.rollbackToPromotion(req);
    expect(rolled).toMatchObject({ kind: "rollback", previousTag: "1.5.0", newTag: "1.4.2", alreadyOnRemote: false });
    expect(changedLines(rolled.unifiedDiff)).toEqual(['-  tag: "1.5.0"', '+  tag: "1.4.2"']);
    expect(git(remote.bare, ["log", "-1", "--format=%an|%B", rolled.sha]).trim()).toBe(
      `${ALEX.name}|rollback(nura-core): 1.4.2 to staging\n\nBack to promotion prm_a: 1.5.0 doubles the p95\n\nPromotion-Id: rb_1\nRolls-back-to: prm_a`,
    );
    expect(await gitops.rollbackToPromotion(req)).toMatchObject({ sha: rolled.sha, alreadyOnRemote: true });
    expect((await gitops.findPromotionCommit("rb_1", "rollback"))?.sha).toBe(rolled.sha);
    expect(await gitops.findPromotionCommit("rb_1", "promote")).toBeNull();
  });
});

describe("timeouts", () => {
  it("a git call that hangs is killed at the timeout; the next call works", async () => {
    await client(remote).readTarget(core, "dev"); // clone first, so the slow call is the fetch
    const slow = gitWrapper(remote, "fetch", "sleep 5");
    const started = Date.now();
    const err = await client(remote, { gitBinary: slow, timeoutMs: 800 })
      .readTarget(core, "staging")
      .catch((e: unknown) => e);
    expect(isGitError(err, "timeout")).toBe(true);
    expect(Date.now() - started).toBeLessThan(4_000);
    expect((await client(remote).readTarget(core, "staging")).currentTag).toBe("1.4.1");
  });
});

describe("many callers on one working copy", () => {
  it("concurrent calls in one process are serialised: each fetches after the previous push, none is rejected", async () => {
    const gitops = client(remote);
    const before = remote.head();
    const jobs = [core, ui].flatMap((application) =>
      ["dev", "staging", "prod"].map((env) =>
        promote(gitops, `prm_c_${application.name}_${env}`, env, "8.8.8", application),
      ),
    );
    const results = await Promise.all(jobs);
    expect(results.map((r) => r.pushAttempts)).toEqual([1, 1, 1, 1, 1, 1]);
    // Six commits in a line on top of the old head.
    const line = git(remote.bare, ["rev-list", "--first-parent", `${before}..main`])
      .trim()
      .split("\n");
    expect(line).toHaveLength(6);
    expect(new Set(line)).toEqual(new Set(results.map((r) => r.sha)));
    expect(git(remote.bare, ["rev-list", "--merges", `${before}..main`]).trim()).toBe("");
  });

  it("two processes sharing one cache dir: every commit lands, none rejected, the copy is never corrupted", async () => {
    const run = promisify(execFile);
    const child = (application: string) =>
      run(
        process.execPath,
        [
          "--import",
          "tsx",
          join(REPO_ROOT, "tests/integrations/git-child.ts"),
          remote.bare,
          remote.cacheDir,
          application,
        ],
        { cwd: REPO_ROOT, timeout: 120_000 },
      );
    const before = remote.head();
    const outputs = await Promise.all([child("nura-core"), child("nura-ui")]);
    const results = outputs.flatMap((o) => JSON.parse(o.stdout) as { sha: string; pushAttempts: number }[]);
    expect(results).toHaveLength(6);
    expect(results.map((r) => r.pushAttempts)).toEqual([1, 1, 1, 1, 1, 1]);
    const line = git(remote.bare, ["rev-list", "--first-parent", `${before}..main`])
      .trim()
      .split("\n");
    expect(new Set(line)).toEqual(new Set(results.map((r) => r.sha)));
    expect(git(remote.bare, ["fsck", "--no-progress"]).trim()).toBe("");
  });
});
