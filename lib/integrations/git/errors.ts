// Typed failures of the GitOps adapter. A GitError is an IntegrationError (system "git"), so a
// route that lets one escape still answers 502; callers that act on it switch on `kind`.
import { IntegrationError } from "@/lib/http/errors";

export const GIT_ERROR_KINDS = [
  /** The target values file is not the blob recorded at request time: the promotion is superseded. */
  "superseded",
  /** The remote kept moving: every bounded fetch + rebase + push attempt was non-fast-forward. */
  "non_fast_forward_exhausted",
  /** The remote refused the push for another reason (hook, permissions, protected branch). */
  "push_refused",
  /** A revert or a rebase did not apply cleanly. */
  "conflict",
  "path_not_found",
  "not_scalar",
  "invalid_yaml",
  /** The values file already holds the tag: there is nothing to commit. */
  "no_change",
  /** A commit or file is not on the branch. */
  "not_found",
  /** A name, e-mail, id or tag that cannot go into a commit as given. */
  "invalid_input",
  /** The remote refused the token or SSH key (or the host key is not the pinned one). */
  "auth_failed",
  "timeout",
  "command_failed",
] as const;
export type GitErrorKind = (typeof GIT_ERROR_KINDS)[number];

export class GitError extends IntegrationError {
  override name = "GitError";
  constructor(
    readonly kind: GitErrorKind,
    message: string,
    options?: { cause?: unknown; gitMessage?: string },
  ) {
    super("git", null, message, options);
    this.gitMessage = options?.gitMessage ?? null;
  }
  /** What git (or the remote's hook) printed, secrets redacted; null when git said nothing useful. */
  readonly gitMessage: string | null;
}

export function isGitError(err: unknown, kind?: GitErrorKind): err is GitError {
  const isOne =
    err instanceof GitError ||
    (typeof err === "object" &&
      err !== null &&
      (err as { name?: unknown }).name === "GitError" &&
      (err as { system?: unknown }).system === "git");
  return isOne && (kind === undefined || (err as GitError).kind === kind);
}
