// Runs the git CLI: execFile (no shell, so no argument is ever interpreted), a timeout on every
// call, an environment that ignores the machine's global and system git config (so a developer's
// ~/.gitconfig cannot change what the portal commits), and secrets redacted from every message.
import { execFile } from "node:child_process";
import { GitError } from "./errors";

export interface GitRunResult {
  stdout: string;
  stderr: string;
}

export interface GitRunOptions {
  cwd: string;
  input?: string;
  /** Extra environment (author identity, a temporary index…). */
  env?: Record<string, string>;
  /** Exit codes that are answers, not failures (e.g. 1 from merge-base --is-ancestor). */
  okExitCodes?: number[];
  timeoutMs?: number;
}

export interface GitRunner {
  (args: string[], options: GitRunOptions): Promise<GitRunResult & { exitCode: number }>;
  /** The same with stdout as bytes (cat-file --batch sizes are byte counts). */
  bytes(args: string[], options: GitRunOptions): Promise<{ stdout: Buffer; stderr: string; exitCode: number }>;
  /** Strings that never leave the adapter (token, its Basic header). */
  redact(text: string): string;
}

/** stderr of a call the remote refused to authenticate (token, key, or unknown host key). */
const AUTH_FAILURE =
  /could not read (Username|Password)|Authentication failed|Permission denied \(publickey|returned error: 40[13]|Host key verification failed|Invalid username or password/i;

/** A failed git call: exit code and git's stderr (redacted) are kept for the caller to classify. */
export class GitCommandError extends GitError {
  constructor(
    readonly args: string[],
    readonly exitCode: number | null,
    readonly stderr: string,
    readonly stdout: string,
    timedOut: boolean,
  ) {
    const auth = !timedOut && AUTH_FAILURE.test(stderr);
    super(
      timedOut ? "timeout" : auth ? "auth_failed" : "command_failed",
      timedOut
        ? `git ${args[0]} did not finish in time`
        : auth
          ? `the GitOps remote refused our credentials (GITOPS_TOKEN or GITOPS_SSH_KEY_PATH): ${summarise(stderr)}`
          : `git ${args[0]} exited ${exitCode}: ${summarise(stderr)}`,
      { gitMessage: stderr.trim() || undefined },
    );
  }
}

/** git's own "fatal:"/"error:" lines when it printed some, else its last lines. */
function summarise(stderr: string): string {
  const lines = stderr
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  const errors = lines.filter((l) => /^(fatal|error):/.test(l));
  return (errors.length > 0 ? errors.slice(0, 2) : lines.slice(-3)).join(" / ") || "(no message)";
}

export interface RunnerConfig {
  /** What git and ssh inherit from the portal process: PATH and HOME (lib/env childProcessBaseEnv). */
  inherited: { PATH: string; HOME: string };
  /** Environment every call gets on top of the base one (credentials: GIT_CONFIG_*, GIT_SSH_COMMAND). */
  env: Record<string, string>;
  secrets: string[];
  timeoutMs: number;
  gitBinary?: string;
}

export function createGitRunner(cfg: RunnerConfig): GitRunner {
  const secrets = cfg.secrets.filter((s) => s.length >= 4);
  const redact = (text: string) => secrets.reduce((t, s) => t.split(s).join("[redacted]"), text);
  // Nothing else of the portal's environment (its tokens, DATABASE_URL) reaches git.
  const base: Record<string, string> = {
    ...cfg.inherited,
    LANG: "C",
    LC_ALL: "C",
    TZ: "UTC",
    GIT_TERMINAL_PROMPT: "0",
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: "/dev/null",
    // ssh must not ask either (a passphrase-protected key is a failure, not a hang).
    SSH_ASKPASS_REQUIRE: "never",
    ...cfg.env,
  };

  function exec(args: string[], options: GitRunOptions): Promise<{ stdout: Buffer; stderr: string; exitCode: number }> {
    return new Promise((resolve, reject) => {
      const child = execFile(
        cfg.gitBinary ?? "git",
        args,
        {
          cwd: options.cwd,
          env: { ...base, ...options.env } as unknown as NodeJS.ProcessEnv,
          timeout: options.timeoutMs ?? cfg.timeoutMs,
          killSignal: "SIGKILL",
          maxBuffer: 64 * 1024 * 1024,
          encoding: "buffer",
        },
        (error, stdoutBytes, stderrBytes) => {
          const stderr = redact(stderrBytes.toString("utf8"));
          const exitCode = error ? (typeof error.code === "number" ? error.code : null) : 0;
          if (!error || (exitCode !== null && options.okExitCodes?.includes(exitCode))) {
            resolve({ stdout: stdoutBytes, stderr, exitCode: exitCode ?? 0 });
            return;
          }
          if (typeof error.code === "string") {
            // spawn failed (ENOENT: git is not installed, or cwd is missing).
            reject(new GitCommandError(args.map(redact), null, redact(error.message), "", false));
            return;
          }
          const timedOut = error.killed === true || error.signal === "SIGKILL";
          reject(
            new GitCommandError(args.map(redact), exitCode, stderr, redact(stdoutBytes.toString("utf8")), timedOut),
          );
        },
      );
      child.stdin?.on("error", () => {});
      child.stdin?.end(options.input ?? "");
    });
  }

  const run = (async (args, options) => {
    const r = await exec(args, options);
    return { ...r, stdout: r.stdout.toString("utf8") };
  }) as GitRunner;
  run.bytes = exec;
  run.redact = redact;
  return run;
}
