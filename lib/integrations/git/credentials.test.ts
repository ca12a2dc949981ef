import { describe, expect, it } from "vitest";
import { gitCredentials, transportOf } from "./credentials";
import type { GitError } from "./errors";
import { createGitRunner } from "./run";

describe("gitCredentials", () => {
  it("tells the transports apart", () => {
    expect(transportOf("/srv/gitops.git")).toBe("local");
    expect(transportOf("file:///srv/gitops.git")).toBe("local");
    expect(transportOf("https://git.example.com/p/gitops.git")).toBe("https");
    expect(transportOf("ssh://git@git.example.com/p/gitops.git")).toBe("ssh");
    expect(transportOf("git@github.com:nura/gitops.git")).toBe("ssh");
  });

  it("HTTPS: the token travels as a header in git's environment, scoped to the remote, never in argv", () => {
    const url = "https://git.example.com/p/gitops.git";
    const c = gitCredentials({ repoUrl: url, token: "s3cr3t-token", tokenUser: "oauth2" });
    const basic = Buffer.from("oauth2:s3cr3t-token").toString("base64");
    expect(c.env).toEqual({
      GIT_CONFIG_COUNT: "1",
      GIT_CONFIG_KEY_0: `http.${url}.extraHeader`,
      GIT_CONFIG_VALUE_0: `Authorization: Basic ${basic}`,
    });
    expect(c.secrets).toEqual(["s3cr3t-token", basic]);
  });

  it("refuses a password in the URL", () => {
    expect(() => gitCredentials({ repoUrl: "https://u:p@git.example.com/x.git" })).toThrow(/GITOPS_TOKEN/);
  });

  it("SSH: a key, strict host keys, no prompts; paths quoted for the shell git uses", () => {
    expect(
      gitCredentials({
        repoUrl: "git@github.com:nura/gitops.git",
        sshKeyPath: "/var/run/keys/it's key",
        sshKnownHostsPath: "/etc/ssh/known hosts",
      }).env,
    ).toEqual({
      GIT_SSH_COMMAND:
        "ssh -i '/var/run/keys/it'\\''s key' -o IdentitiesOnly=yes -o BatchMode=yes -o StrictHostKeyChecking=yes -o 'UserKnownHostsFile=/etc/ssh/known hosts'",
    });
  });

  it("the runner redacts secrets from what git printed", async () => {
    const run = createGitRunner({
      inherited: { PATH: "/usr/bin:/bin", HOME: "/" },
      env: {},
      secrets: ["s3cr3t-token"],
      timeoutMs: 5_000,
    });
    const err = await run(["ls-remote", "/nonexistent/s3cr3t-token/repo.git"], { cwd: "/" }).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/^git ls-remote exited 128: fatal: .*\/nonexistent\/\[redacted\]\/repo.git/);
    expect((err as GitError).gitMessage).toContain("[redacted]");
    expect(JSON.stringify(err)).not.toContain("s3cr3t-token");
    expect(run.redact("x s3cr3t-token y")).toBe("x [redacted] y");
  });
});
