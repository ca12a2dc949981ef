// Reading the GitOps history: files at a revision, commits by their Promotion-Id trailer, and the
// commits that moved one values file from one tag to another.
import { readScalarAt, ValuesEditError } from "@/lib/domain/values-edit";
import type { GitOpsCommit, PushedCommitKind, RevisionInfo } from "./api";
import { GitError } from "./errors";
import type { Checkout } from "./working-copy";

const FIELD = "\x1f";
const RECORD = "\x1e";
const VALUES = "\x1d";
const LOG_FORMAT = [
  "%H",
  "%an",
  "%ae",
  "%aI",
  "%s",
  "%(trailers:key=Promotion-Id,valueonly,separator=%x1d)",
  "%(trailers:key=Reverts,valueonly,separator=%x1d)",
  "%(trailers:key=Rolls-back-to,valueonly,separator=%x1d)",
].join("%x1f");

export interface LoggedCommit extends GitOpsCommit {
  promotionIds: string[];
  reverts: string[];
  rollsBackTo: string[];
}

export async function logCommits(c: Checkout, args: string[]): Promise<LoggedCommit[]> {
  const { stdout } = await c.git(["log", `--format=${LOG_FORMAT}%x1e`, ...args]);
  return stdout
    .split(RECORD)
    .map((r) => r.replace(/^\n/, ""))
    .filter((r) => r.trim() !== "")
    .map((r) => {
      const [sha = "", author = "", email = "", date = "", message = "", ids = "", reverts = "", back = ""] =
        r.split(FIELD);
      const list = (s: string) =>
        s
          .split(VALUES)
          .map((v) => v.trim())
          .filter(Boolean);
      return {
        sha,
        author,
        email,
        date,
        message,
        promotionIds: list(ids),
        reverts: list(reverts),
        rollsBackTo: list(back),
      };
    });
}

export function kindOf(c: LoggedCommit): PushedCommitKind {
  if (c.reverts.length > 0) return "revert";
  if (c.rollsBackTo.length > 0) return "rollback";
  return "promote";
}

export const publicCommit = ({ sha, author, email, date, message }: LoggedCommit): GitOpsCommit => ({
  sha,
  author,
  email,
  date,
  message,
});

/** The newest commit on the remote branch whose Promotion-Id trailer is exactly `id`, of that kind. */
export async function findByPromotionId(
  c: Checkout,
  id: string,
  kind: PushedCommitKind,
  extra: (commit: LoggedCommit) => boolean = () => true,
): Promise<LoggedCommit | null> {
  // --grep narrows cheaply; the trailer parse decides (an id that is a prefix of another must not match).
  const found = await logCommits(c, ["--fixed-strings", `--grep=Promotion-Id: ${id}`, c.remoteRef]);
  return found.find((x) => x.promotionIds.includes(id) && kindOf(x) === kind && extra(x)) ?? null;
}

export interface FileAt {
  text: string;
  blobSha: string;
}

/** Many `<rev>:<path>` at once through one `git cat-file --batch`; a missing one maps to null. */
export async function readFiles(c: Checkout, specs: string[]): Promise<(FileAt | null)[]> {
  if (specs.length === 0) return [];
  const { stdout } = await c.gitBytes(["cat-file", "--batch"], { input: `${specs.join("\n")}\n` });
  const out: (FileAt | null)[] = [];
  let pos = 0;
  for (const _ of specs) {
    const nl = stdout.indexOf(10, pos);
    const header = stdout.subarray(pos, nl).toString("utf8").split(" ");
    pos = nl + 1;
    if (header.length !== 3 || header[1] !== "blob") {
      // "<spec> missing", or a tree/commit where a file was expected.
      if (header.length === 3) pos += Number(header[2]) + 1;
      out.push(null);
      continue;
    }
    const size = Number(header[2]);
    out.push({ blobSha: header[0]!, text: stdout.subarray(pos, pos + size).toString("utf8") });
    pos += size + 1;
  }
  return out;
}

export async function readFileAt(c: Checkout, rev: string, path: string): Promise<FileAt> {
  const [file] = await readFiles(c, [`${rev}:${path}`]);
  if (!file) throw new GitError("not_found", `${path} does not exist on ${c.branch}`);
  return file;
}

function tagIn(text: string, imageTagPath: string): string | null {
  try {
    return readScalarAt(text, imageTagPath);
  } catch (err) {
    if (err instanceof ValuesEditError) return null;
    throw err;
  }
}

/**
 * Commits to `path` that brought it from `fromTag` to `toTag`, newest first: from the commit that
 * introduced `toTag` (its newest occurrence) back to, not including, the last commit at which the
 * file still held `fromTag`. `complete` is false when `fromTag` was not found within `max` commits.
 */
export async function commitsBetweenTags(
  c: Checkout,
  path: string,
  imageTagPath: string,
  fromTag: string,
  toTag: string,
  max = 200,
): Promise<{ commits: GitOpsCommit[]; complete: boolean }> {
  if (fromTag === toTag) return { commits: [], complete: true };
  const log = await logCommits(c, [`-n${max}`, c.remoteRef, "--", path]);
  const files = await readFiles(
    c,
    log.map((x) => `${x.sha}:${path}`),
  );
  const tags = files.map((f) => (f ? tagIn(f.text, imageTagPath) : null));
  // The newest run of commits at which the file held toTag; its oldest commit introduced it
  // (newer ones in the run changed something else, which a promotion does not carry over).
  let introduced = tags.indexOf(toTag);
  if (introduced < 0) return { commits: [], complete: false };
  while (introduced + 1 < tags.length && tags[introduced + 1] === toTag) introduced++;
  // From there back in time until the file held fromTag (exclusive).
  let stop = introduced;
  while (stop < tags.length && tags[stop] !== fromTag) stop++;
  return { commits: log.slice(introduced, stop).map(publicCommit), complete: stop < tags.length };
}

/**
 * The oldest commit of `path` (within its newest `max` commits) at which the file deploys each of
 * `tags`: the commit that first brought that tag to the environment. A tag the history read does
 * not show, or shows already in its oldest commit when the history was cut at `max` (it may have
 * arrived earlier), is absent.
 */
export async function firstCommitsWithTags(
  c: Checkout,
  path: string,
  imageTagPath: string,
  tags: readonly string[],
  max = 2000,
): Promise<Map<string, GitOpsCommit>> {
  const wanted = new Set(tags);
  const out = new Map<string, GitOpsCommit>();
  if (wanted.size === 0) return out;
  const log = await logCommits(c, [`-n${max}`, c.remoteRef, "--", path]); // newest first
  const files = await readFiles(
    c,
    log.map((x) => `${x.sha}:${path}`),
  );
  const cut = log.length >= max;
  for (let i = log.length - 1; i >= 0; i--) {
    const tag = files[i] ? tagIn(files[i]!.text, imageTagPath) : null;
    if (tag === null || !wanted.has(tag) || out.has(tag)) continue;
    if (cut && i === log.length - 1) continue; // it may be older than what was read
    out.set(tag, publicCommit(log[i]!));
  }
  return out;
}

/** Which of `revs` name a commit here: rev → full SHA (one `git cat-file --batch-check`). */
async function resolveCommits(c: Checkout, revs: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (revs.length === 0) return out;
  const { stdout } = await c.gitBytes(["cat-file", "--batch-check"], {
    input: `${revs.map((r) => `${r}^{commit}`).join("\n")}\n`,
  });
  // One line per input, in order: "<sha> commit <size>", or "<rev>^{commit} missing".
  stdout
    .toString("utf8")
    .split("\n")
    .slice(0, revs.length)
    .forEach((line, i) => {
      const [sha, type] = line.split(" ");
      if (type === "commit" && sha) out.set(revs[i]!, sha);
    });
  return out;
}

/**
 * Each of `shas` (full or abbreviated commit SHAs, e.g. Argo CD's history revisions) that the
 * repository has: its subject and author, and the tag `path` held at that commit.
 */
export async function describeRevisionsAt(
  c: Checkout,
  path: string,
  imageTagPath: string,
  shas: readonly string[],
): Promise<Map<string, RevisionInfo>> {
  const resolved = await resolveCommits(c, shas);
  const out = new Map<string, RevisionInfo>();
  if (resolved.size === 0) return out;
  const full = [...new Set(resolved.values())];
  const [log, files] = await Promise.all([
    logCommits(c, ["--no-walk=unsorted", ...full]),
    readFiles(
      c,
      full.map((sha) => `${sha}:${path}`),
    ),
  ]);
  const bySha = new Map(
    log.map((commit) => {
      const file = files[full.indexOf(commit.sha)];
      return [commit.sha, { ...publicCommit(commit), imageTag: file ? tagIn(file.text, imageTagPath) : null }];
    }),
  );
  for (const [rev, sha] of resolved) {
    const info = bySha.get(sha);
    if (info) out.set(rev, info);
  }
  return out;
}
