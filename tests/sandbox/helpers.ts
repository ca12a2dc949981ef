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

/**
 * Polls `fn` until it returns a truthy value. An attempt that throws (an assertion, a refused connection)
 * or returns a falsy value is retried; on timeout the error says what the LAST attempt did — its thrown
 * error (also kept as `cause`, with its stack) or the value it returned — so a stale failure from an early
 * attempt never stands in for the real one. At least one attempt runs, and one more after the deadline's
 * last sleep, so a slow `fn` is not judged on an attempt that never happened.
 */
export async function waitFor<T>(
  what: string,
  fn: () => Promise<T | undefined | false>,
  timeoutMs = 30_000,
  everyMs = 200,
): Promise<T> {
  const started = Date.now();
  const deadline = started + timeoutMs;
  let attempts = 0;
  let last: { threw: unknown } | { returned: unknown };
  for (;;) {
    attempts += 1;
    try {
      const v = await fn();
      if (v) return v;
      last = { returned: v };
    } catch (err) {
      last = { threw: err };
    }
    if (Date.now() >= deadline) break;
    await new Promise((r) => setTimeout(r, Math.min(everyMs, Math.max(0, deadline - Date.now()))));
  }
  const after = `timed out after ${Date.now() - started} ms and ${attempts} attempts waiting for ${what}`;
  if ("threw" in last) {
    const err = last.threw;
    throw new Error(`${after}; the last attempt failed: ${err instanceof Error ? err.message : String(err)}`, {
      cause: err,
    });
  }
  throw new Error(`${after}; the last attempt returned ${JSON.stringify(last.returned) ?? String(last.returned)}`);
}

/**
 * One call to the world's Argo CD API as the portal's client makes it: the world's token unless
 * `token` says otherwise (null: none), and application/json on every non-GET, body or not. JSON
 * answers are parsed; anything else (the 415's text/plain) comes back as text.
 */
export async function argoApi(
  env: Record<string, string>,
  path: string,
  init: RequestInit & { token?: string | null } = {},
  // biome-ignore lint/suspicious/noExplicitAny: callers validate the JSON against the contract first
): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = { ...(init.headers as Record<string, string>) };
  const token = init.token === undefined ? env.ARGOCD_TOKEN : init.token;
  if (token) headers.authorization = `Bearer ${token}`;
  if ((init.method ?? "GET") !== "GET") headers["content-type"] ??= "application/json";
  const res = await fetch(`${env.ARGOCD_URL}${path}`, { ...init, headers });
  const text = await res.text();
  const json = res.headers.get("content-type")?.startsWith("application/json");
  return { status: res.status, body: text && json ? JSON.parse(text) : text || undefined };
}
