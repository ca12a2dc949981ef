// The production transport: git's smart HTTP, served by git's own `git http-backend` (CGI) behind a
// small Node server that demands a Basic token like GitHub/GitLab do. The adapter authenticates with
// GITOPS_TOKEN through git's environment only: the token is never in a git argv, the working copy's
// config, a file of the cache dir, or an error message.
import { spawn } from "node:child_process";
import { chmodSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type GitError, isGitError } from "@/lib/integrations/git/errors";
import { ALEX, app, client, DANA, git, makeRemote, type TestRemote } from "./git-support";

const TOKEN = "ghp_sandboxTOKEN0123456789abcdefABCDEF";
const EXPECTED = `Basic ${Buffer.from(`x-access-token:${TOKEN}`).toString("base64")}`;

let remote: TestRemote;
let server: Server;
let baseUrl: string;
const seen: { method: string; path: string; authorized: boolean }[] = [];

function serveGit(projectRoot: string): Server {
  return createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const authorized = req.headers.authorization === EXPECTED;
    seen.push({ method: req.method ?? "", path: url.pathname, authorized });
    if (!authorized) {
      res.writeHead(401, { "WWW-Authenticate": 'Basic realm="gitops"' }).end("unauthorized\n");
      return;
    }
    const cgi = spawn("git", ["http-backend"], {
      stdio: ["pipe", "pipe", "inherit"],
      env: {
        PATH: process.env.PATH,
        GIT_CONFIG_GLOBAL: "/dev/null",
        GIT_PROJECT_ROOT: projectRoot,
        GIT_HTTP_EXPORT_ALL: "1",
        REMOTE_USER: "portal",
        REMOTE_ADDR: "127.0.0.1",
        REQUEST_METHOD: req.method ?? "GET",
        PATH_INFO: url.pathname,
        QUERY_STRING: url.search.replace(/^\?/, ""),
        CONTENT_TYPE: req.headers["content-type"] ?? "",
        ...(req.headers["content-length"] ? { CONTENT_LENGTH: req.headers["content-length"] } : {}),
        ...(req.headers["content-encoding"] ? { HTTP_CONTENT_ENCODING: req.headers["content-encoding"] } : {}),
        ...(req.headers["git-protocol"] ? { GIT_PROTOCOL: String(req.headers["git-protocol"]) } : {}),
      } as unknown as NodeJS.ProcessEnv,
    });
    req.pipe(cgi.stdin);
    const chunks: Buffer[] = [];
    cgi.stdout.on("data", (d: Buffer) => chunks.push(d));
    cgi.on("close", () => {
      const out = Buffer.concat(chunks);
      const split = out.indexOf("\r\n\r\n");
      const head = out.subarray(0, split).toString("latin1").split("\r\n");
      let status = 200;
      const headers: Record<string, string> = {};
      for (const line of head) {
        const [k, ...v] = line.split(": ");
        if (k?.toLowerCase() === "status") status = Number.parseInt(v.join(": "), 10);
        else if (k) headers[k] = v.join(": ");
      }
      res.writeHead(status, headers).end(out.subarray(split + 4));
    });
  });
}

/** A git that writes every argv it is called with to a log, then runs the real git. */
function argvLogger(): { binary: string; log: string } {
  const binary = join(remote.root, "git-argv-logger");
  const log = join(remote.root, "argv.log");
  const real = git(remote.root, ["--exec-path"]).trim();
  writeFileSync(binary, `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\nexec '${real}/git' "$@"\n`);
  chmodSync(binary, 0o755);
  writeFileSync(log, "");
  return { binary, log };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

beforeEach(async () => {
  remote = await makeRemote();
  seen.length = 0;
  server = serveGit(dirname(remote.bare));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  await new Promise((r) => server.close(r));
  remote.cleanup();
});

const core = app("nura-core");

describe("GitOps over smart HTTP with a token", () => {
  it("fetches and pushes with the token from git's environment; it appears in no argv, config or file", async () => {
    const { binary, log } = argvLogger();
    const gitops = client(remote, { repoUrl: `${baseUrl}/gitops.git`, token: TOKEN, gitBinary: binary });
    const target = await gitops.readTarget(core, "staging");
    const pushed = await gitops.commitPromotion({
      promotionId: "prm_http",
      application: core,
      environment: "staging",
      imageTag: "1.4.2",
      expectedBlobSha: target.blobSha,
      author: DANA,
      approvers: [ALEX],
    });
    expect(remote.head()).toBe(pushed.sha);
    expect(seen.some((r) => r.path.endsWith("/git-receive-pack") && r.authorized)).toBe(true);
    expect(seen.every((r) => r.authorized)).toBe(true);

    const argv = readFileSync(log, "utf8");
    expect(argv).toMatch(/^push --porcelain origin HEAD:refs\/heads\/main$/m);
    const base64 = EXPECTED.slice("Basic ".length);
    for (const secret of [TOKEN, base64]) {
      expect(argv).not.toContain(secret);
      for (const f of filesUnder(remote.cacheDir)) expect(readFileSync(f).includes(secret)).toBe(false);
    }
    expect(
      git(join(remote.cacheDir, readdirSync(remote.cacheDir).find((d) => !d.endsWith(".lock"))!), [
        "config",
        "remote.origin.url",
      ]).trim(),
    ).toBe(`${baseUrl}/gitops.git`);
  });

  it("a wrong token fails as an authentication error that does not echo the token", async () => {
    const wrong = `${TOKEN}-revoked`;
    const err = (await client(remote, { repoUrl: `${baseUrl}/gitops.git`, token: wrong })
      .readTarget(core, "staging")
      .catch((e: unknown) => e)) as GitError;
    expect(isGitError(err, "auth_failed")).toBe(true);
    expect(err.message).toMatch(/^the GitOps remote refused our credentials \(GITOPS_TOKEN or GITOPS_SSH_KEY_PATH\)/);
    expect(JSON.stringify({ m: err.message, g: err.gitMessage, s: String(err.stack) })).not.toContain(wrong);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((r) => !r.authorized)).toBe(true);
  });
});
