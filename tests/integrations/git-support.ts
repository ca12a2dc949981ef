// Helpers for the GitOps adapter's integration tests: a real bare repository seeded like the
// sandbox's (helm/ with a release history), another writer's clone, and a client on a temp cache dir.
import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadCatalog } from "@/lib/catalog";
import { childProcessBaseEnv } from "@/lib/env";
import { createGitOpsClient, type GitOpsClientConfig } from "@/lib/integrations/git/client";
import { seedGitopsRepo } from "@/sandbox/gitops/seed";

export const REPO_ROOT = join(import.meta.dirname, "..", "..");
export const catalog = loadCatalog(join(REPO_ROOT, "config", "catalog.yaml"));
export const app = (name: string) => catalog.applications.find((a) => a.name === name)!;
export const PORTAL = { name: "Nura Platform Portal", email: "portal@nura.example.com" };
export const DANA = { name: "Dana Developer", email: "dana@nura.example.com" };
export const ALEX = { name: "Alex Approver", email: "alex@nura.example.com" };
export const SAM = { name: "Sam Second", email: "sam@nura.example.com" };

export function git(cwd: string, args: string[], input?: string): string {
  return execFileSync("git", args, {
    cwd,
    input,
    encoding: "utf8",
    env: { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" },
  });
}

export interface TestRemote {
  root: string;
  bare: string;
  cacheDir: string;
  head(): string;
  /** Number of commits on main. */
  count(): number;
  cleanup(): void;
}

export async function makeRemote(): Promise<TestRemote> {
  const root = mkdtempSync(join(tmpdir(), "nura-git-it-"));
  const bare = join(root, "gitops.git");
  await seedGitopsRepo(bare, catalog, REPO_ROOT);
  return {
    root,
    bare,
    cacheDir: join(root, "cache"),
    head: () => git(bare, ["rev-parse", "refs/heads/main"]).trim(),
    count: () => Number(git(bare, ["rev-list", "--count", "refs/heads/main"]).trim()),
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

export function client(remote: TestRemote, overrides: Partial<GitOpsClientConfig> = {}) {
  return createGitOpsClient({
    repoUrl: remote.bare,
    branch: "main",
    cacheDir: remote.cacheDir,
    committer: PORTAL,
    timeoutMs: 20_000,
    pushAttempts: 5,
    inherited: childProcessBaseEnv(),
    ...overrides,
  });
}

/** Another writer (a person, Jenkins) with its own clone, pushing straight to the remote. */
export function otherWriter(remote: TestRemote, name = "other") {
  const dir = join(remote.root, `writer-${name}`);
  git(remote.root, ["clone", "--quiet", remote.bare, dir]);
  git(dir, ["config", "user.name", "Jenkins"]);
  git(dir, ["config", "user.email", "jenkins@nura.example.com"]);
  return {
    dir,
    /** Pulls, rewrites `path` with `edit`, commits and pushes; returns the new sha. */
    change(path: string, edit: (text: string) => string, message = `chore: edit ${path}`): string {
      git(dir, ["pull", "--quiet", "--rebase", "origin", "main"]);
      const file = join(dir, path);
      writeFileSync(file, edit(readFileSync(file, "utf8")));
      git(dir, ["commit", "--quiet", "-am", message]);
      git(dir, ["push", "--quiet", "origin", "HEAD:main"]);
      return git(dir, ["rev-parse", "HEAD"]).trim();
    },
  };
}

/**
 * A `git` wrapper for the adapter (its gitBinary): runs `before` (a shell snippet) ahead of the
 * first `times` invocations of `subcommand`, then the real git. It makes "someone pushed between
 * our fetch and our push" happen at exactly that moment.
 */
export function gitWrapper(remote: TestRemote, subcommand: string, before: string, times = 1): string {
  const path = join(remote.root, `git-wrapper-${subcommand}-${Math.random().toString(36).slice(2)}`);
  const counter = `${path}.count`;
  writeFileSync(counter, "0");
  const realGit = execFileSync("sh", ["-c", "command -v git"], { encoding: "utf8" }).trim();
  writeFileSync(
    path,
    `#!/bin/sh
if [ "$1" = "${subcommand}" ]; then
  n=$(cat '${counter}')
  if [ "$n" -lt ${times} ]; then
    echo $((n + 1)) > '${counter}'
    ( ${before} ) >/dev/null 2>&1 </dev/null
  fi
fi
exec '${realGit}' "$@"
`,
  );
  chmodSync(path, 0o755);
  return path;
}

/** +/- lines of a unified diff, without the ---/+++ headers. */
export function changedLines(diff: string): string[] {
  return diff.split("\n").filter((l) => /^[+-]/.test(l) && !/^(\+\+\+|---) /.test(l));
}
