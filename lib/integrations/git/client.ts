// The real GitOps adapter: the git CLI on a cached working copy of GITOPS_REPO_URL. Every call
// takes the copy exclusively, fetches and resets it to the remote branch first, so what it reads
// and what it commits on is the remote's state, never a leftover of an earlier call.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { readScalarAt, setScalarAt, ValuesEditError } from "@/lib/domain/values-edit";
import type {
  GitOpsApi,
  GitOpsApplication,
  Person,
  PromotionPreview,
  PushedCommit,
  PushedCommitKind,
  TargetValues,
} from "./api";
import { gitCredentials } from "./credentials";
import { GitError } from "./errors";
import {
  commitsBetweenTags,
  describeRevisionsAt,
  findByPromotionId,
  firstCommitsWithTags,
  publicCommit,
  readFileAt,
  readFiles,
} from "./history";
import {
  checkId,
  checkImageTag,
  checkPerson,
  checkSha,
  promotionMessage,
  revertMessage,
  rollbackMessage,
} from "./message";
import { pushWithRetry } from "./push";
import { createGitRunner } from "./run";
import { type Checkout, createWorkingCopy } from "./working-copy";

export interface GitOpsClientConfig {
  /** A path or file:// URL (sandbox), https://… (with token) or ssh:// / user@host:path. */
  repoUrl: string;
  branch: string;
  /** Working copies live here (one per remote and branch), e.g. .data/gitops. */
  cacheDir: string;
  /** The portal: committer of every commit (authors are the people). */
  committer: Person;
  token?: string;
  tokenUser?: string;
  sshKeyPath?: string;
  sshKnownHostsPath?: string;
  /** Each git call. */
  timeoutMs: number;
  /** Push attempts before non_fast_forward_exhausted. */
  pushAttempts: number;
  /** Waiting for the working copy (this process's other calls, then other processes). */
  lockTimeoutMs?: number;
  /** PATH and HOME for git (childProcessBaseEnv()). */
  inherited: { PATH: string; HOME: string };
  /** The git executable; default "git" from PATH. */
  gitBinary?: string;
}

/** The diff of a change exactly as git shows it, whatever the repository's configuration. */
const DIFF_FLAGS = [
  "--no-color",
  "--no-ext-diff",
  "--no-textconv",
  "--no-renames",
  "--full-index",
  "--src-prefix=a/",
  "--dst-prefix=b/",
];
const COMMIT_FLAGS = ["commit", "--quiet", "--no-verify", "--no-gpg-sign", "--cleanup=verbatim", "--file=-"];
/** Commit exactly these paths as they are in the working tree (`git commit --only`), nothing else staged. */
const commitPaths = (paths: string[]) => [...COMMIT_FLAGS, "--only", "--", ...paths];

function valuesPathOf(app: GitOpsApplication, environment: string): string {
  const path = app.valuesFiles[environment];
  if (!path) throw new GitError("invalid_input", `${app.name} has no values file for environment "${environment}"`);
  return path;
}

function fromEditError(err: unknown): never {
  if (err instanceof ValuesEditError) {
    throw new GitError(err.kind === "invalid_value" ? "invalid_input" : err.kind, err.message, { cause: err });
  }
  throw err;
}

function tagOf(text: string, app: GitOpsApplication, path: string): string {
  try {
    return readScalarAt(text, app.imageTagPath, path);
  } catch (err) {
    return fromEditError(err);
  }
}

function editTag(text: string, app: GitOpsApplication, tag: string, path: string) {
  try {
    return setScalarAt(text, app.imageTagPath, tag, path);
  } catch (err) {
    return fromEditError(err);
  }
}

async function readTargetFile(c: Checkout, path: string) {
  return readFileAt(c, c.remoteRef, path).catch((err: unknown) => {
    if (err instanceof GitError && err.kind === "not_found") {
      throw new GitError("path_not_found", `${path} does not exist on ${c.branch}`, { cause: err });
    }
    throw err;
  });
}

function superseded(path: string, expected: string, actual: string): GitError {
  return new GitError(
    "superseded",
    `${path} changed since the promotion was requested (blob ${expected.slice(0, 12)} → ${actual.slice(0, 12)})`,
  );
}

export function createGitOpsClient(cfg: GitOpsClientConfig): GitOpsApi {
  const credentials = gitCredentials(cfg);
  const committer = checkPerson("the committer", cfg.committer);
  const run = createGitRunner({
    inherited: cfg.inherited,
    env: { ...credentials.env, GIT_COMMITTER_NAME: committer.name, GIT_COMMITTER_EMAIL: committer.email },
    secrets: credentials.secrets,
    timeoutMs: cfg.timeoutMs,
    gitBinary: cfg.gitBinary,
  });
  const wc = createWorkingCopy({
    repoUrl: cfg.repoUrl,
    branch: cfg.branch,
    cacheDir: cfg.cacheDir,
    run,
    lockTimeoutMs: cfg.lockTimeoutMs ?? Math.max(30_000, cfg.timeoutMs * 4),
  });

  /** What a pushed (or found) commit changed, for the caller to record. */
  async function describePushed(
    c: Checkout,
    sha: string,
    kind: PushedCommitKind,
    app: GitOpsApplication,
    path: string,
    push: { alreadyOnRemote: boolean; attempts: number },
    /** Known when this call made the commit; read from git for one found on the remote. */
    tags?: { previous: string; next: string },
  ): Promise<PushedCommit> {
    const { stdout: unifiedDiff } = await c.git(["diff", ...DIFF_FLAGS, `${sha}^`, sha]);
    let known = tags;
    if (!known) {
      const [before, after] = await readFiles(c, [`${sha}^:${path}`, `${sha}:${path}`]);
      known = {
        previous: before ? tagOf(before.text, app, path) : "",
        next: after ? tagOf(after.text, app, path) : "",
      };
    }
    return {
      kind,
      sha,
      branch: cfg.branch,
      valuesPath: path,
      previousTag: known.previous,
      newTag: known.next,
      unifiedDiff,
      alreadyOnRemote: push.alreadyOnRemote,
      pushAttempts: push.attempts,
    };
  }

  async function commit(c: Checkout, args: string[], message: string, author: Person): Promise<void> {
    await c.git(args, {
      input: message,
      env: { GIT_AUTHOR_NAME: author.name, GIT_AUTHOR_EMAIL: author.email },
    });
  }

  /**
   * The one-line tag edit as a commit, pushed: shared by promotions and rollbacks. Idempotent by
   * (promotionId, kind); refused as superseded when `expectedBlobSha` is given and the file moved.
   */
  async function commitTagEdit(op: {
    kind: "promote" | "rollback";
    promotionId: string;
    application: GitOpsApplication;
    environment: string;
    imageTag: string;
    expectedBlobSha?: string;
    author: Person;
    message: string;
  }): Promise<PushedCommit> {
    const path = valuesPathOf(op.application, op.environment);
    return wc.exclusive(async (c) => {
      const found = () => findByPromotionId(c, op.promotionId, op.kind);
      const done = await found();
      if (done)
        return describePushed(c, done.sha, op.kind, op.application, path, { alreadyOnRemote: true, attempts: 0 });

      const checkTarget = async () => {
        const file = await readTargetFile(c, path);
        if (op.expectedBlobSha && file.blobSha !== op.expectedBlobSha) {
          throw superseded(path, op.expectedBlobSha, file.blobSha);
        }
        return file;
      };
      const file = await checkTarget();
      const edit = editTag(file.text, op.application, op.imageTag, path);
      if (!edit.changed) {
        throw new GitError("no_change", `${path} already deploys ${op.imageTag}: there is nothing to commit`);
      }
      await writeFile(join(c.dir, path), edit.text);
      await commit(c, commitPaths([path]), op.message, op.author);

      // After a rejection: our commit may be there already (another process); else the file must still be unmoved.
      const pushed = await pushWithRetry(c, cfg.pushAttempts, async () => {
        const existing = await found();
        if (!existing) await checkTarget();
        return existing;
      });
      if (pushed.existing) {
        return describePushed(c, pushed.existing.sha, op.kind, op.application, path, {
          alreadyOnRemote: true,
          attempts: pushed.attempts,
        });
      }
      const { stdout } = await c.git(["rev-parse", "HEAD"]);
      return describePushed(
        c,
        stdout.trim(),
        op.kind,
        op.application,
        path,
        { alreadyOnRemote: false, attempts: pushed.attempts },
        { previous: edit.previous, next: op.imageTag },
      );
    });
  }

  return {
    async readTarget(application, environment): Promise<TargetValues> {
      const path = valuesPathOf(application, environment);
      return wc.exclusive(async (c) => {
        const file = await readTargetFile(c, path);
        const { stdout } = await c.git(["rev-parse", c.remoteRef]);
        return {
          valuesPath: path,
          currentTag: tagOf(file.text, application, path),
          blobSha: file.blobSha,
          headSha: stdout.trim(),
        };
      });
    },

    async previewPromotion({ application, fromEnvironment, toEnvironment, imageTag }): Promise<PromotionPreview> {
      const path = valuesPathOf(application, toEnvironment);
      const sourcePath = valuesPathOf(application, fromEnvironment);
      checkImageTag(imageTag);
      return wc.exclusive(async (c) => {
        const file = await readTargetFile(c, path);
        const currentTag = tagOf(file.text, application, path);
        const edit = editTag(file.text, application, imageTag, path);
        // The same diff machinery as the commit's: the edited file against the index (= remote head).
        let unifiedDiff = "";
        if (edit.changed) {
          await writeFile(join(c.dir, path), edit.text);
          // Left edited: the next call resets the copy before it reads anything.
          unifiedDiff = (await c.git(["diff", ...DIFF_FLAGS, "--", path])).stdout;
        }
        const [{ stdout: head }, history] = await Promise.all([
          c.git(["rev-parse", c.remoteRef]),
          commitsBetweenTags(c, sourcePath, application.imageTagPath, currentTag, imageTag),
        ]);
        return {
          valuesPath: path,
          currentTag,
          newTag: imageTag,
          targetBlobSha: file.blobSha,
          headSha: head.trim(),
          unifiedDiff,
          commits: history.commits,
          commitsComplete: history.complete,
        };
      });
    },

    async commitPromotion(req) {
      const author = checkPerson("the requester", req.author);
      return commitTagEdit({
        kind: "promote",
        promotionId: checkId("the promotion id", req.promotionId),
        application: req.application,
        environment: req.environment,
        imageTag: checkImageTag(req.imageTag),
        // Required: a promotion without the blob recorded at request time could never be superseded.
        expectedBlobSha: checkSha(req.expectedBlobSha, "the target's blob SHA"),
        author,
        message: promotionMessage({
          application: req.application.name,
          imageTag: req.imageTag,
          environment: req.environment,
          promotionId: req.promotionId,
          approvers: req.approvers,
        }),
      });
    },

    async rollbackToPromotion(req) {
      const author = checkPerson("the person rolling back", req.author);
      return commitTagEdit({
        kind: "rollback",
        promotionId: checkId("the rollback id", req.promotionId),
        application: req.application,
        environment: req.environment,
        imageTag: checkImageTag(req.imageTag),
        expectedBlobSha:
          req.expectedBlobSha === undefined ? undefined : checkSha(req.expectedBlobSha, "the target's blob SHA"),
        author,
        message: rollbackMessage({
          application: req.application.name,
          imageTag: req.imageTag,
          environment: req.environment,
          promotionId: req.promotionId,
          rollsBackTo: req.rollsBackTo,
          reason: req.reason,
          approvers: req.approvers ?? [],
        }),
      });
    },

    async revertPromotion(req) {
      const path = valuesPathOf(req.application, req.environment);
      const promotionId = checkId("the promotion id", req.promotionId);
      const commitSha = checkSha(req.commitSha);
      const author = req.author ? checkPerson("the person rolling back", req.author) : committer;
      return wc.exclusive(async (c) => {
        const found = () => findByPromotionId(c, promotionId, "revert", (x) => x.reverts.includes(commitSha));
        const done = await found();
        if (done)
          return describePushed(c, done.sha, "revert", req.application, path, { alreadyOnRemote: true, attempts: 0 });

        const onBranch = await c.git(["merge-base", "--is-ancestor", commitSha, c.remoteRef], {
          okExitCodes: [1, 128],
        });
        if (onBranch.exitCode !== 0) {
          throw new GitError("not_found", `commit ${commitSha.slice(0, 12)} is not on ${c.branch}`);
        }
        const { stdout: subject } = await c.git(["log", "-1", "--format=%s", commitSha]);
        try {
          await c.git(["revert", "--no-commit", commitSha]);
        } catch (err) {
          await c.resetToRemote();
          throw new GitError(
            "conflict",
            `commit ${commitSha.slice(0, 12)} cannot be reverted cleanly: ${path} changed since on the same lines`,
            { cause: err, gitMessage: err instanceof GitError ? (err.gitMessage ?? undefined) : undefined },
          );
        }
        const staged = await c.git(["diff", "--cached", "--quiet"], { okExitCodes: [1] });
        if (staged.exitCode === 0) {
          throw new GitError("no_change", `commit ${commitSha.slice(0, 12)} is already undone on ${c.branch}`);
        }
        await commit(
          c,
          COMMIT_FLAGS,
          revertMessage({ revertedSubject: subject.trim(), commitSha, promotionId, reason: req.reason }),
          author,
        );
        const pushed = await pushWithRetry(c, cfg.pushAttempts, found);
        const sha = pushed.existing?.sha ?? (await c.git(["rev-parse", "HEAD"])).stdout.trim();
        return describePushed(c, sha, "revert", req.application, path, {
          alreadyOnRemote: pushed.existing !== null,
          attempts: pushed.attempts,
        });
      });
    },

    async firstCommitsOfTags(application, environment, tags) {
      const path = valuesPathOf(application, environment);
      for (const t of tags) checkImageTag(t);
      return wc.exclusive((c) => firstCommitsWithTags(c, path, application.imageTagPath, tags));
    },

    async describeRevisions(application, environment, shas) {
      const path = valuesPathOf(application, environment);
      // Only hex SHAs reach git (a revision is never a ref or an option here).
      const wanted = [...new Set(shas)].filter((s) => /^[0-9a-f]{7,64}$/i.test(s));
      if (wanted.length === 0) return new Map();
      return wc.exclusive((c) => describeRevisionsAt(c, path, application.imageTagPath, wanted));
    },

    async findPromotionCommit(promotionId, kind) {
      checkId("the promotion id", promotionId);
      return wc.exclusive(async (c) => {
        const found = await findByPromotionId(c, promotionId, kind);
        return found ? publicCommit(found) : null;
      });
    },
  };
}
