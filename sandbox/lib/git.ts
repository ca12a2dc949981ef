// Thin async wrapper over the git CLI: the sandbox uses real git for everything the portal sees.
import { spawn } from "node:child_process";

export class GitError extends Error {
  override name = "GitError";
}

export interface GitResult {
  stdout: string;
  stderr: string;
}

/** Runs `git args…` in `cwd`; rejects with stderr on a non-zero exit. */
export function git(
  cwd: string,
  args: string[],
  input?: string | Buffer,
  env: Record<string, string> = {},
): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = spawn("git", args, {
      cwd,
      env: { ...process.env, GIT_TERMINAL_PROMPT: "0", LC_ALL: "C", ...env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (d: Buffer) => out.push(d));
    child.stderr.on("data", (d: Buffer) => err.push(d));
    child.on("error", (e) => reject(new GitError(`git ${args[0]}: ${e.message}`)));
    child.on("close", (code) => {
      const stdout = Buffer.concat(out).toString("utf8");
      const stderr = Buffer.concat(err).toString("utf8");
      if (code === 0) resolve({ stdout, stderr });
      else reject(new GitError(`git ${args.join(" ")} exited ${code}: ${stderr.trim()}`));
    });
    child.stdin.on("error", () => {});
    child.stdin.end(input ?? "");
  });
}

/** Reads many blobs in one process (`git cat-file --batch`); a missing object maps to undefined. */
export async function readBlobs(repo: string, specs: string[]): Promise<Map<string, string | undefined>> {
  const result = new Map<string, string | undefined>();
  if (specs.length === 0) return result;
  const { stdout } = await git(repo, ["cat-file", "--batch"], `${specs.join("\n")}\n`);
  const buf = Buffer.from(stdout, "utf8");
  let pos = 0;
  for (const spec of specs) {
    const nl = buf.indexOf(10, pos);
    const header = buf.subarray(pos, nl).toString("utf8");
    pos = nl + 1;
    const parts = header.split(" ");
    if (parts[1] === "missing" || parts[1] === "ambiguous" || parts.length < 3) {
      result.set(spec, undefined);
      continue;
    }
    const size = Number(parts[2]);
    result.set(spec, buf.subarray(pos, pos + size).toString("utf8"));
    pos += size + 1;
  }
  return result;
}

export interface CommitInfo {
  sha: string;
  authorName: string;
  authorEmail: string;
  date: string;
  subject: string;
  body: string;
}

const SEP = "\x1f";
const REC = "\x1e";

/** `git log` for a ref (optionally limited to paths), newest first. */
export async function log(repo: string, ref: string, paths: string[] = [], max = 50): Promise<CommitInfo[]> {
  const fmt = ["%H", "%an", "%ae", "%aI", "%s", "%b"].join(SEP) + REC;
  const args = ["log", `--format=${fmt}`, `-n${max}`, ref];
  if (paths.length) args.push("--", ...paths);
  const { stdout } = await git(repo, args);
  return stdout
    .split(REC)
    .map((r) => r.replace(/^\n/, ""))
    .filter((r) => r.trim() !== "")
    .map((r) => {
      const [sha = "", authorName = "", authorEmail = "", date = "", subject = "", body = ""] = r.split(SEP);
      return { sha, authorName, authorEmail, date, subject, body: body.trim() };
    });
}
