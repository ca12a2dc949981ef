// The GitOps adapter against a real bare repository (seeded like the sandbox's, with helm/ and a
// release history): target blob, preview diff and commits, and the promotion commit itself —
// exactly one changed line, author = requester, committer = portal, trailers git can read back.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isGitError } from "@/lib/integrations/git/errors";
import {
  ALEX,
  app,
  catalog,
  changedLines,
  client,
  DANA,
  git,
  makeRemote,
  otherWriter,
  PORTAL,
  SAM,
  type TestRemote,
} from "./git-support";

let remote: TestRemote;
beforeEach(async () => {
  remote = await makeRemote();
});
afterEach(() => remote.cleanup());

const core = app("nura-core");

describe("readTarget and previewPromotion", () => {
  it("reads the target's tag and blob from the remote branch", async () => {
    const target = await client(remote).readTarget(core, "staging");
    expect(target).toEqual({
      valuesPath: "helm/nura-core/values-staging.yaml",
      currentTag: "1.4.1",
      blobSha: git(remote.bare, ["rev-parse", "main:helm/nura-core/values-staging.yaml"]).trim(),
      headSha: remote.head(),
    });
  });

  it("previews the exact one-line diff and the dev commits from the target's tag to the new one", async () => {
    const preview = await client(remote).previewPromotion({
      application: core,
      fromEnvironment: "dev",
      toEnvironment: "staging",
      imageTag: "1.4.2",
    });
    expect(preview).toMatchObject({
      valuesPath: "helm/nura-core/values-staging.yaml",
      currentTag: "1.4.1",
      newTag: "1.4.2",
      headSha: remote.head(),
      commitsComplete: true,
    });
    expect(changedLines(preview.unifiedDiff)).toEqual(['-  tag: "1.4.1"', '+  tag: "1.4.2"']);
    expect(preview.unifiedDiff).toMatch(
      /^diff --git a\/helm\/nura-core\/values-staging.yaml b\/helm\/nura-core\/values-staging.yaml\nindex [0-9a-f]{40}\.\.[0-9a-f]{40} 100644\n--- a\/helm/,
    );
    // The commits that moved values-dev.yaml from 1.4.1 (exclusive) to 1.4.2, as git log says.
    const devLog = git(remote.bare, ["log", "--format=%H %s", "main", "--", "helm/nura-core/values-dev.yaml"])
      .trim()
      .split("\n");
    const to = devLog.findIndex((l) => l.endsWith("deploy 1.4.2 to dev"));
    const from = devLog.findIndex((l) => l.endsWith("deploy 1.4.1 to dev"));
    expect(to).toBeGreaterThanOrEqual(0);
    expect(preview.commits.map((c) => `${c.sha} ${c.message}`)).toEqual(devLog.slice(to, from));
    expect(preview.commits[0]).toMatchObject({ author: "Jenkins", email: "jenkins@nura.example.com" });
    expect(Date.parse(preview.commits[0]!.date)).not.toBeNaN();
  });

  it("lists several commits when the target is several releases behind (staging → prod)", async () => {
    const preview = await client(remote).previewPromotion({
      application: core,
      fromEnvironment: "staging",
      toEnvironment: "prod",
      imageTag: "1.4.1",
    });
    expect(preview.currentTag).toBe("1.3.7");
    expect(preview.commits.length).toBeGreaterThan(1);
    expect(preview.commits.every((c) => /^promote\(nura-core\): \S+ to staging$/.test(c.message))).toBe(true);
    expect(preview.commits[0]!.message).toBe("promote(nura-core): 1.4.1 to staging");
  });

  it("refuses a path that does not exist, clearly", async () => {
    const broken = { ...core, imageTagPath: "image.digest" };
    const err = await client(remote)
      .previewPromotion({ application: broken, fromEnvironment: "dev", toEnvironment: "staging", imageTag: "1.4.2" })
      .catch((e: unknown) => e);
    expect(isGitError(err, "path_not_found")).toBe(true);
    expect((err as Error).message).toBe("helm/nura-core/values-staging.yaml has no image.digest");
    const missingFile = { ...core, valuesFiles: { ...core.valuesFiles, staging: "helm/nope/values.yaml" } };
    const err2 = await client(remote)
      .readTarget(missingFile, "staging")
      .catch((e: unknown) => e);
    expect(isGitError(err2, "path_not_found")).toBe(true);
  });
});

describe("commitPromotion", () => {
  it("commits exactly the previewed one-line diff with author, committer and trailers, and pushes it", async () => {
    const gitops = client(remote);
    const preview = await gitops.previewPromotion({
      application: core,
      fromEnvironment: "staging",
      toEnvironment: "prod",
      imageTag: "1.4.1",
    });
    const before = remote.head();
    const pushed = await gitops.commitPromotion({
      promotionId: "prm_0001",
      application: core,
      environment: "prod",
      imageTag: "1.4.1",
      expectedBlobSha: preview.targetBlobSha,
      author: DANA,
      approvers: [ALEX, SAM],
    });
    expect(pushed).toMatchObject({
      kind: "promote",
      branch: "main",
      valuesPath: "helm/nura-core/values-prod.yaml",
      previousTag: "1.3.7",
      newTag: "1.4.1",
      alreadyOnRemote: false,
      pushAttempts: 1,
    });
    expect(remote.head()).toBe(pushed.sha);
    expect(git(remote.bare, ["rev-parse", `${pushed.sha}^`]).trim()).toBe(before);
    // What the remote holds is what the preview showed, byte for byte.
    const shown = git(remote.bare, [
      "diff",
      "--no-color",
      "--full-index",
      "--no-renames",
      `${pushed.sha}^`,
      pushed.sha,
    ]);
    expect(shown).toBe(preview.unifiedDiff);
    expect(pushed.unifiedDiff).toBe(preview.unifiedDiff);
    expect(changedLines(shown)).toEqual(['-  tag: "1.3.7"', '+  tag: "1.4.1"']);

    const [authorLine, committerLine, ...message] = git(remote.bare, [
      "log",
      "-1",
      "--format=%an <%ae>%n%cn <%ce>%n%B",
      pushed.sha,
    ]).split("\n");
    expect(authorLine).toBe("Dana Developer <dana@nura.example.com>");
    expect(committerLine).toBe(`${PORTAL.name} <${PORTAL.email}>`);
    expect(message.join("\n").trim()).toBe(
      [
        "promote(nura-core): 1.4.1 to prod",
        "",
        "Promotion-Id: prm_0001",
        "Approved-by: Alex Approver <alex@nura.example.com>",
        "Approved-by: Sam Second <sam@nura.example.com>",
      ].join("\n"),
    );
    // git itself parses them as trailers.
    const parsed = git(remote.bare, ["log", "-1", "--format=%(trailers:only,unfold)", pushed.sha]).trim();
    expect(parsed.split("\n")).toEqual([
      "Promotion-Id: prm_0001",
      "Approved-by: Alex Approver <alex@nura.example.com>",
      "Approved-by: Sam Second <sam@nura.example.com>",
    ]);
    expect(await gitops.findPromotionCommit("prm_0001", "promote")).toMatchObject({ sha: pushed.sha });
    expect(await gitops.findPromotionCommit("prm_000", "promote")).toBeNull();
  });

  it("changes exactly one line in every application's values file of every environment", async () => {
    const gitops = client(remote);
    let n = 0;
    for (const application of catalog.applications) {
      for (const env of catalog.promotionPath) {
        const target = await gitops.readTarget(application, env);
        const pushed = await gitops.commitPromotion({
          promotionId: `prm_all_${n++}`,
          application,
          environment: env,
          imageTag: "7.7.7",
          expectedBlobSha: target.blobSha,
          author: DANA,
          approvers: [],
        });
        const lines = changedLines(pushed.unifiedDiff);
        expect(lines).toHaveLength(2);
        expect(lines[1]).toBe(lines[0]!.replace(`"${target.currentTag}"`, '"7.7.7"').replace(/^-/, "+"));
        expect(git(remote.bare, ["diff", "--name-only", `${pushed.sha}^`, pushed.sha]).trim()).toBe(target.valuesPath);
      }
    }
  });

  it("refuses as superseded when the target file moved since the request, and pushes nothing", async () => {
    const gitops = client(remote);
    const target = await gitops.readTarget(core, "staging");
    otherWriter(remote).change(target.valuesPath, (t) => t.replace("replicaCount: 2", "replicaCount: 3"));
    const head = remote.head();
    const err = await gitops
      .commitPromotion({
        promotionId: "prm_sup",
        application: core,
        environment: "staging",
        imageTag: "1.4.2",
        expectedBlobSha: target.blobSha,
        author: DANA,
        approvers: [ALEX],
      })
      .catch((e: unknown) => e);
    expect(isGitError(err, "superseded")).toBe(true);
    expect((err as Error).message).toMatch(
      /^helm\/nura-core\/values-staging.yaml changed since the promotion was requested/,
    );
    expect(remote.head()).toBe(head);
  });

  it("is idempotent: a retry (even from a new process with an empty cache) returns the pushed commit", async () => {
    const target = await client(remote).readTarget(core, "staging");
    const req = {
      promotionId: "prm_retry",
      application: core,
      environment: "staging",
      imageTag: "1.4.2",
      expectedBlobSha: target.blobSha,
      author: DANA,
      approvers: [ALEX],
    };
    const first = await client(remote).commitPromotion(req);
    const again = await client(remote).commitPromotion(req);
    const fresh = await client(remote, { cacheDir: `${remote.cacheDir}-after-restart` }).commitPromotion(req);
    for (const r of [again, fresh]) {
      expect(r).toMatchObject({ sha: first.sha, alreadyOnRemote: true, pushAttempts: 0, newTag: "1.4.2" });
      expect(r.unifiedDiff).toBe(first.unifiedDiff);
    }
    expect(git(remote.bare, ["log", "--format=%H", "--grep=Promotion-Id: prm_retry", "main"]).trim()).toBe(first.sha);
  });

  it("refuses a tag that is already there, and bad input before touching git", async () => {
    const gitops = client(remote);
    const target = await gitops.readTarget(core, "staging");
    const head = remote.head();
    const base = {
      promotionId: "prm_x",
      application: core,
      environment: "staging",
      imageTag: "1.4.1",
      expectedBlobSha: target.blobSha,
      author: DANA,
      approvers: [],
    };
    expect(isGitError(await gitops.commitPromotion(base).catch((e: unknown) => e), "no_change")).toBe(true);
    for (const bad of [
      { imageTag: "1.4.2\nPromotion-Id: forged" },
      { promotionId: "x y" },
      { author: { name: "Eve\nApproved-by: Mallory <m@x>", email: "eve@x.example" } },
      { approvers: [{ name: "A", email: "not-an-email" }] },
      { environment: "qa" },
      { expectedBlobSha: "" },
    ]) {
      const err = await gitops.commitPromotion({ ...base, ...bad }).catch((e: unknown) => e);
      expect(isGitError(err, "invalid_input")).toBe(true);
    }
    expect(remote.head()).toBe(head);
  });
});
