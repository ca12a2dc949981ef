// How git authenticates to the GitOps remote, without a secret ever in argv, in a URL, in the
// working copy's .git/config or in a log line:
// - HTTPS + token: an `http.<remote>.extraHeader` Authorization header passed through git's
//   GIT_CONFIG_COUNT/KEY/VALUE environment (git ≥ 2.31), scoped to the remote's URL so a redirect
//   elsewhere does not get it. Basic auth with a username (GitHub: x-access-token, GitLab: oauth2).
// - SSH: GIT_SSH_COMMAND with the key file, IdentitiesOnly, BatchMode and strict host keys
//   (a known_hosts file from configuration; an unknown host is refused, never trusted on first use).
// - A path or file:// URL (the sandbox): nothing.
import { GitError } from "./errors";

export interface GitCredentialConfig {
  repoUrl: string;
  token?: string;
  tokenUser?: string;
  sshKeyPath?: string;
  sshKnownHostsPath?: string;
}

export interface GitCredentials {
  env: Record<string, string>;
  secrets: string[];
  transport: "local" | "https" | "ssh";
}

export function transportOf(repoUrl: string): GitCredentials["transport"] {
  if (/^https?:\/\//i.test(repoUrl)) return "https";
  if (/^ssh:\/\//i.test(repoUrl) || /^[^/\\]+@[^/\\:]+:/.test(repoUrl)) return "ssh";
  return "local";
}

/** Single-quoted for the POSIX shell git runs GIT_SSH_COMMAND with. */
function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export function gitCredentials(cfg: GitCredentialConfig): GitCredentials {
  const transport = transportOf(cfg.repoUrl);
  if (transport === "https") {
    const url = new URL(cfg.repoUrl);
    if (url.password) {
      throw new GitError("invalid_input", "GITOPS_REPO_URL must not contain a password: put the token in GITOPS_TOKEN");
    }
    if (!cfg.token) return { env: {}, secrets: [], transport };
    const basic = Buffer.from(`${cfg.tokenUser ?? "x-access-token"}:${cfg.token}`).toString("base64");
    return {
      env: {
        GIT_CONFIG_COUNT: "1",
        GIT_CONFIG_KEY_0: `http.${cfg.repoUrl}.extraHeader`,
        GIT_CONFIG_VALUE_0: `Authorization: Basic ${basic}`,
      },
      secrets: [cfg.token, basic],
      transport,
    };
  }
  if (transport === "ssh" && cfg.sshKeyPath) {
    const parts = ["ssh", "-i", shellQuote(cfg.sshKeyPath), "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes"];
    parts.push("-o", "StrictHostKeyChecking=yes");
    if (cfg.sshKnownHostsPath) parts.push("-o", shellQuote(`UserKnownHostsFile=${cfg.sshKnownHostsPath}`));
    return { env: { GIT_SSH_COMMAND: parts.join(" ") }, secrets: [], transport };
  }
  return { env: {}, secrets: [], transport };
}
