// The cached working copy of the GitOps repository, one per (remote, branch) under the cache dir.
// Every use is exclusive twice over: an in-process mutex (FIFO, no polling) so concurrent calls of
// one portal process queue up, and a lock directory (proper-lockfile: mkdir is atomic on local and
// network file systems, a heartbeat keeps it fresh, a crashed holder's lock goes stale) so a
// second portal process sharing the cache dir waits instead of running git in the same tree.
// The copy is only a cache: each use fetches and resets it to the remote branch, and a copy left
// broken by a crash or a timeout is thrown away and cloned again.
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { Mutex, withTimeout } from "async-mutex";
import lockfile from "proper-lockfile";
import { GitError } from "./errors";
import { GitCommandError, type GitRunner, type GitRunOptions, type GitRunResult } from "./run";

export interface WorkingCopyConfig {
  repoUrl: string;
  branch: string;
  cacheDir: string;
  run: GitRunner;
  /** How long a call waits for the copy (other calls of this process, then other processes). */
  lockTimeoutMs: number;
}

export interface Checkout {
  dir: string;
  branch: string;
  /** refs/remotes/origin/<branch> */
  remoteRef: string;
  git(args: string[], options?: Omit<GitRunOptions, "cwd">): Promise<GitRunResult & { exitCode: number }>;
  /** The same with stdout as bytes. */
  gitBytes(args: string[], options?: Omit<GitRunOptions, "cwd">): Promise<{ stdout: Buffer; stderr: string }>;
  /** Fetches the remote branch (then remoteRef is the remote's head). */
  fetch(): Promise<void>;
  /** Local branch, index and tracked files = remoteRef (no rebase/revert in progress). */
  resetToRemote(): Promise<void>;
  /** Throws when the cross-process lock was lost (its heartbeat failed): never push without it. */
  assertLocked(): void;
}

// On globalThis: Next may load this module once per bundle, and all of them share one working copy.
const holder = globalThis as unknown as { __nuraGitMutexes?: Map<string, Mutex> };
holder.__nuraGitMutexes ??= new Map();
const mutexes = holder.__nuraGitMutexes;

function cacheKey(repoUrl: string, branch: string): string {
  const name = (
    repoUrl
      .replace(/\.git\/?$/, "")
      .split(/[/:\\]/)
      .filter(Boolean)
      .pop() ?? "repo"
  )
    .replace(/[^A-Za-z0-9._-]/g, "_")
    .slice(0, 40);
  const hash = createHash("sha256").update(`${repoUrl}\n${branch}`).digest("hex").slice(0, 12);
  return `${name}-${hash}`;
}

export function createWorkingCopy(cfg: WorkingCopyConfig) {
  const key = cacheKey(cfg.repoUrl, cfg.branch);
  const dir = join(cfg.cacheDir, key);
  const lockPath = join(cfg.cacheDir, `${key}.lock`);
  const remoteRef = `refs/remotes/origin/${cfg.branch}`;
  const mutexKey = `${lockPath}`;
  let mutex = mutexes.get(mutexKey);
  if (!mutex) {
    mutex = new Mutex();
    mutexes.set(mutexKey, mutex);
  }
  const timedMutex = withTimeout(
    mutex,
    cfg.lockTimeoutMs,
    new GitError("timeout", "the GitOps working copy stayed busy too long"),
  );

  const git = (args: string[], options: Omit<GitRunOptions, "cwd"> = {}) => cfg.run(args, { cwd: dir, ...options });
  const gitBytes = (args: string[], options: Omit<GitRunOptions, "cwd"> = {}) =>
    cfg.run.bytes(args, { cwd: dir, ...options });

  async function clone(): Promise<void> {
    await rm(dir, { recursive: true, force: true });
    const tmp = `${dir}.clone-${process.pid}-${Date.now()}`;
    try {
      await cfg.run(
        ["clone", "--quiet", "--no-tags", "--single-branch", "--branch", cfg.branch, "--", cfg.repoUrl, tmp],
        { cwd: cfg.cacheDir },
      );
    } catch (err) {
      await rm(tmp, { recursive: true, force: true });
      if (err instanceof GitCommandError && /Remote branch .* not found|not found in upstream/i.test(err.stderr)) {
        throw new GitError("not_found", `the GitOps repository has no branch ${cfg.branch}`, { cause: err });
      }
      throw err;
    }
    // gc inline (never detached into the background after we released the lock).
    await cfg.run(["config", "gc.autoDetach", "false"], { cwd: tmp });
    await rename(tmp, dir);
  }

  async function fetch(): Promise<void> {
    await git(["fetch", "--quiet", "--prune", "--no-tags", "origin", `+refs/heads/${cfg.branch}:${remoteRef}`]);
  }

  async function resetToRemote(): Promise<void> {
    // A timeout may have killed git mid-operation: we hold both locks, so its leftovers are stale.
    for (const f of ["index.lock", "rebase-merge", "rebase-apply", "sequencer", "REVERT_HEAD", "CHERRY_PICK_HEAD"]) {
      await rm(join(dir, ".git", f), { recursive: true, force: true });
    }
    // Tracked files and HEAD only: the adapter never creates untracked files, and it commits named
    // paths only, so a stray one could not reach a commit (and `clean` would cost a call every time).
    await git(["checkout", "--quiet", "--force", "-B", cfg.branch, remoteRef]);
  }

  async function prepare(): Promise<void> {
    if (!existsSync(join(dir, ".git", "HEAD"))) await clone();
    try {
      await fetch();
      await resetToRemote();
    } catch (err) {
      // Unreachable remote or timeout: report it. Anything else: the copy is suspect, start over.
      if (
        err instanceof GitCommandError &&
        (err.kind === "timeout" || err.kind === "auth_failed" || isTransportFailure(err.stderr))
      ) {
        throw err;
      }
      await clone();
      await fetch();
      await resetToRemote();
    }
  }

  /** Runs `fn` with the copy fetched and reset to the remote branch, exclusively. */
  async function exclusive<T>(fn: (c: Checkout) => Promise<T>): Promise<T> {
    return timedMutex.runExclusive(async () => {
      await mkdir(cfg.cacheDir, { recursive: true });
      let lost: Error | null = null;
      const release = await lockfile
        .lock(dir, {
          realpath: false,
          lockfilePath: lockPath,
          stale: 20_000,
          update: 5_000,
          retries: { retries: Math.max(1, Math.ceil(cfg.lockTimeoutMs / 150)), minTimeout: 20, maxTimeout: 150 },
          onCompromised: (err) => {
            lost = err;
          },
        })
        .catch((err: unknown) => {
          throw new GitError("timeout", "another portal process held the GitOps working copy too long", { cause: err });
        });
      try {
        await prepare();
        return await fn({
          dir,
          branch: cfg.branch,
          remoteRef,
          git,
          gitBytes,
          fetch,
          resetToRemote,
          assertLocked: () => {
            if (lost) throw new GitError("timeout", "lost the GitOps working-copy lock; not pushing", { cause: lost });
          },
        });
      } finally {
        await release().catch(() => {});
      }
    });
  }

  return { dir, exclusive };
}

export type WorkingCopy = ReturnType<typeof createWorkingCopy>;

/** stderr of a fetch/clone that could not reach or authenticate to the remote. */
export function isTransportFailure(stderr: string): boolean {
  return /Could not resolve host|Connection refused|Connection timed out|Authentication failed|Permission denied|could not read Username|does not appear to be a git repository|Host key verification failed|unable to access/i.test(
    stderr,
  );
}
