// Pushing the one local commit to the remote branch: never forced. A non-fast-forward rejection
// (someone pushed in between) fetches, lets the caller re-check what it promised (superseded? the
// same commit already there from an earlier attempt?), rebases onto the new head and tries again,
// a bounded number of times. Any other refusal (a hook, permissions, a protected branch) is final
// and carries git's own words.
import { GitError } from "./errors";
import type { LoggedCommit } from "./history";
import type { Checkout } from "./working-copy";

export interface PushOutcome {
  attempts: number;
  /** Set when, after a rejection, the remote turned out to hold this operation's commit already. */
  existing: LoggedCommit | null;
}

export type PushStatus = { ok: true } | { ok: false; nonFastForward: boolean; reason: string };

/** Reads `git push --porcelain`: one line per ref, `!` for a rejected one with "[rejected] (reason)". */
export function parsePorcelainPush(stdout: string, ref: string): PushStatus {
  for (const line of stdout.split("\n")) {
    const [flag, refs, summary = ""] = line.split("\t");
    if (refs === undefined || !refs.endsWith(`:${ref}`)) continue;
    if (flag !== "!") return { ok: true };
    const reason = /\((.*)\)\s*$/.exec(summary)?.[1] ?? summary;
    const nonFastForward = summary.startsWith("[rejected]") && /fetch first|non-fast-forward/.test(reason);
    return { ok: false, nonFastForward, reason };
  }
  return { ok: false, nonFastForward: false, reason: "git push reported nothing for the branch" };
}

/**
 * A push the remote accepted but could not apply because its branch moved in the meantime: another
 * writer's push landed between this push's check and its ref update, and the remote's
 * compare-and-swap of the ref failed ("[remote rejected] (failed to update ref)", with git's
 * "cannot lock ref '…': is at X but expected Y", or the ref's lock file held by that other push).
 * That is a race like non-fast-forward, not a refusal: fetch, re-check, rebase and try again.
 */
export function lostRefRace(status: PushStatus, stderr: string): boolean {
  return (
    !status.ok &&
    status.reason === "failed to update ref" &&
    /cannot lock ref '[^']+': (is at [0-9a-f]+ but expected [0-9a-f]+|Unable to create '[^']+\.lock': File exists)/.test(
      stderr,
    )
  );
}

/** The hook's or server's own text: the `remote:` lines, without the prefix. */
export function remoteMessage(stderr: string): string {
  const lines = stderr
    .split("\n")
    .filter((l) => l.startsWith("remote: "))
    .map((l) => l.slice("remote: ".length).trimEnd())
    .filter((l) => l !== "");
  return lines.join("\n");
}

export async function pushWithRetry(
  c: Checkout,
  maxAttempts: number,
  onRemoteMoved: () => Promise<LoggedCommit | null>,
): Promise<PushOutcome> {
  const ref = `refs/heads/${c.branch}`;
  for (let attempt = 1; ; attempt++) {
    c.assertLocked();
    const { stdout, stderr } = await c.git(["push", "--porcelain", "origin", `HEAD:${ref}`], { okExitCodes: [1] });
    const status = parsePorcelainPush(stdout, ref);
    if (status.ok) return { attempts: attempt, existing: null };
    if (!status.nonFastForward && !lostRefRace(status, stderr)) {
      const said = remoteMessage(stderr);
      const gitMessage = [status.reason, said].filter(Boolean).join(": ");
      throw new GitError("push_refused", `the GitOps remote refused the push: ${gitMessage}`, { gitMessage });
    }
    if (attempt >= maxAttempts) {
      throw new GitError(
        "non_fast_forward_exhausted",
        `the GitOps branch ${c.branch} kept moving: ${attempt} pushes were rejected as non-fast-forward or lost the race for its ref`,
      );
    }
    await c.fetch();
    const existing = await onRemoteMoved();
    if (existing) return { attempts: attempt, existing };
    try {
      await c.git(["rebase", "--quiet", c.remoteRef]);
    } catch (err) {
      await c.git(["rebase", "--abort"], { okExitCodes: [128] }).catch(() => {});
      throw new GitError(
        "conflict",
        `the change no longer applies on top of ${c.branch} (someone changed the same lines)`,
        { cause: err, gitMessage: err instanceof GitError ? (err.gitMessage ?? undefined) : undefined },
      );
    }
  }
}
