// Test helpers: a working clone of the world's GitOps repo to commit and push like the portal does,
// and polling until a condition holds.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseDocument } from "yaml";

export function cloneGitops(repoUrl: string): string {
  const dir = mkdtempSync(join(tmpdir(), "nura-gitops-clone-"));
  execFileSync("git", ["clone", "--quiet", repoUrl, dir]);
  execFileSync("git", ["-C", dir, "config", "user.name", "Sandbox Test"]);
  execFileSync("git", ["-C", dir, "config", "user.email", "test@nura.example.com"]);
  return dir;
}

/** Sets image.tag in a values file (comments preserved), commits and pushes; returns the sha. */
export function commitTag(
  clone: string,
  valuesPath: string,
  tag: string,
  message = `test: ${valuesPath} → ${tag}`,
): string {
  execFileSync("git", ["-C", clone, "pull", "--quiet", "--rebase"]);
  const file = join(clone, valuesPath);
  const doc = parseDocument(readFileSync(file, "utf8"));
  doc.setIn(["image", "tag"], tag);
  writeFileSync(file, doc.toString());
  execFileSync("git", ["-C", clone, "commit", "--quiet", "-am", message]);
  execFileSync("git", ["-C", clone, "push", "--quiet", "origin", "HEAD:main"]);
  return execFileSync("git", ["-C", clone, "rev-parse", "HEAD"]).toString().trim();
}

export async function waitFor<T>(
  what: string,
  fn: () => Promise<T | undefined | false>,
  timeoutMs = 30_000,
  everyMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ""}`);
}
