// Jenkins' scripts/ci/request-promotion.sh against the portal's real code over real HTTP: a
// node:http server runs the portal's proxy (proxy.ts: the sign-in gate that lets a Bearer header
// through to POST /api/promotions only) and then the real route handlers, on real PostgreSQL,
// with a service token an admin created (stored hashed) and the sandbox world's GitOps repository
// and Argo CD behind the promotion service. What is not Next here is only the HTTP plumbing.
//   - the `ci` token's request creates the promotion (requester: the token);
//   - an approval with that token is refused, and nothing is approved;
//   - bad input fails the script with its exit code and the portal's words.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startWorld, type World } from "@/sandbox/world";
import { databaseUrl, openDb } from "../audit/support";
import { cloneGitops, commitTag, waitFor } from "../sandbox/helpers";
import { asUser, person, testCatalogPath } from "./support";

const db = openDb(5);
let world: World;
let server: Server;
let portalUrl = "";
let token = "";
let tag = "";
const admin = person("Root", [{ role: "admin", environment: null }]);

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

async function bodyOf(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** The portal's chain for the two routes the script and this test call: proxy, then the handler. */
async function servePortal(): Promise<Server> {
  const { proxy } = await import("@/proxy");
  const promotions = (await import("@/app/api/promotions/route")) as unknown as { POST: Handler };
  const approve = (await import("@/app/api/promotions/[id]/approve/route")) as unknown as { POST: Handler };
  return createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", portalUrl);
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    const body = req.method === "GET" || req.method === "HEAD" ? undefined : await bodyOf(req);
    const request = new Request(url, { method: req.method, headers, body: body ? new Uint8Array(body) : undefined });
    let response: Response = await proxy(new NextRequest(request.clone()));
    if (response.headers.get("x-middleware-next") === "1") {
      const forwarded = new Request(request, { headers: new Headers(headers) });
      forwarded.headers.set("x-request-id", response.headers.get("x-request-id") ?? "");
      const approval = /^\/api\/promotions\/([^/]+)\/approve$/.exec(url.pathname);
      if (url.pathname === "/api/promotions")
        response = await promotions.POST(forwarded, { params: Promise.resolve({}) });
      else if (approval) response = await approve.POST(forwarded, { params: Promise.resolve({ id: approval[1]! }) });
      else response = Response.json({ error: "not_found" }, { status: 404 });
    }
    res.writeHead(response.status, { "content-type": response.headers.get("content-type") ?? "text/plain" });
    res.end(Buffer.from(await response.arrayBuffer()));
  });
}

function runScript(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number; stdout: string; stderr: string; artifacts: string }>((resolve) => {
    const artifacts = mkdtempSync(join(tmpdir(), "nura-ci-artifacts-"));
    execFile(
      "bash",
      ["scripts/ci/request-promotion.sh", ...args],
      {
        // What a Jenkins agent gives the script, nothing of this process's configuration.
        env: { NODE_ENV: "test", PATH: process.env.PATH, HOME: process.env.HOME, ARTIFACTS_DIR: artifacts, ...env },
        timeout: 60_000,
        encoding: "utf8",
      },
      (err, stdout: string, stderr: string) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr, artifacts }),
    );
  });
}

beforeAll(async () => {
  world = await startWorld({ services: [], timing: { pollMs: 300, autoSyncDelayMs: 200, healthDelayMs: 300 } });
  server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  portalUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  server.close();
  // The portal's configuration, as scripts/demo.sh gives it, read once by lib/env when the routes load.
  Object.assign(process.env, {
    ...world.env,
    DATABASE_URL: databaseUrl(),
    PORTAL_URL: portalUrl,
    NEXTAUTH_SECRET: "request-promotion-script-test-secret-0123456789",
    CATALOG_PATH: testCatalogPath(),
    GITOPS_CACHE_DIR: mkdtempSync(join(tmpdir(), "nura-script-gitops-")),
    JOB_WORKERS: "false",
    UPSTREAM_TIMEOUT_MS: "5000",
  });
  // lib/env read process.env once already (the world logs through it): load the portal afresh.
  vi.resetModules();
  server = await servePortal();
  await new Promise<void>((r) => server.listen(Number(new URL(portalUrl).port), "127.0.0.1", r));

  await db.$executeRawUnsafe("TRUNCATE promotion, approval, slack_outbox CASCADE");
  await db.user.create({
    data: {
      id: admin.id,
      email: admin.email,
      name: admin.name,
      source: "sandbox",
      roles: { create: [{ role: "admin" }] },
    },
  });
  const { createServiceToken } = await import("@/lib/server/service-tokens");
  const u = asUser(admin);
  const created = await createServiceToken(
    db,
    { principal: admin, actor: u.actor, correlationId: u.correlationId },
    { name: `jenkins-${admin.id.slice(0, 8)}`, environments: ["staging"] },
    ["dev", "staging", "prod"],
  );
  token = created.token;

  tag = `7.2.${Date.now() % 100_000}`;
  commitTag(
    cloneGitops(world.env.GITOPS_REPO_URL!),
    "helm/nura-core/values-dev.yaml",
    tag,
    `ci(nura-core): ${tag} to dev`,
  );
  const { getIntegrations } = await import("@/lib/integrations");
  await waitFor(
    `dev to run ${tag}`,
    async () => {
      const a = await getIntegrations().argocd.getApplication("nura-core-dev");
      return a.imageTag === tag && a.health === "Healthy";
    },
    60_000,
    300,
  );
}, 180_000);

afterAll(async () => {
  await new Promise((r) => server?.close(r));
  const { getJobQueue } = await import("@/lib/server/jobs");
  await (await getJobQueue()).stop(2000);
  await world?.stop();
  await db.$disconnect();
});

describe("scripts/ci/request-promotion.sh against POST /api/promotions", () => {
  it("with the ci token: creates the promotion, requested by the token, and writes the answer", async () => {
    const r = await runScript(["nura-core", "dev", "staging", tag], {
      PORTAL_URL: portalUrl,
      PORTAL_TOKEN: token,
      BUILD_URL: "https://jenkins.example/job/nura-core/12/",
    });
    expect(r.code, r.stderr).toBe(0);
    const answer = JSON.parse(readFileSync(join(r.artifacts, "promotion.json"), "utf8"));
    expect(answer).toMatchObject({
      application: "nura-core",
      fromEnvironment: "dev",
      toEnvironment: "staging",
      imageTag: tag,
      status: "requested",
    });
    const row = await db.promotion.findUniqueOrThrow({ where: { id: answer.id } });
    expect(row).toMatchObject({ status: "requested", imageTag: tag });
    const requested = await db.auditEvent.findFirstOrThrow({
      where: { targetType: "promotion", targetId: answer.id, action: "promotion.requested" },
    });
    expect(requested.actorRole).toBe("ci");
  });

  it("refuses an approval with that token: nothing is approved", async () => {
    const p = await db.promotion.findFirstOrThrow({ where: { imageTag: tag, status: "requested" } });
    const res = await fetch(`${portalUrl}/api/promotions/${p.id}/approve`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: "{}",
    });
    expect([401, 403]).toContain(res.status);
    expect(await db.approval.count({ where: { promotionId: p.id } })).toBe(0);
    expect((await db.promotion.findUniqueOrThrow({ where: { id: p.id } })).status).toBe("requested");
  });

  it("bad input: the script's own checks (exit 2), the portal's refusals in its words (exit 9)", async () => {
    const env = { PORTAL_URL: portalUrl, PORTAL_TOKEN: token };
    const badEnv = await runScript(["nura-core", "dev", "qa", tag], env);
    expect(badEnv.code).toBe(2);
    expect(badEnv.stderr).toContain("unknown environment 'qa'");
    const noUrl = await runScript(["nura-core", "dev", "staging", tag], { PORTAL_TOKEN: token });
    expect(noUrl.code).toBe(2);
    expect(noUrl.stderr).toContain("PORTAL_URL and PORTAL_TOKEN must be set");

    const unknownApp = await runScript(["nura-nope", "dev", "staging", tag], env);
    expect(unknownApp.code).toBe(9);
    expect(unknownApp.stderr).toMatch(/HTTP 404.*nura-nope/);
    const again = await runScript(["nura-core", "dev", "staging", tag], env);
    expect(again.code).toBe(9);
    expect(again.stderr).toMatch(/HTTP 409/);
    const prod = await runScript(["nura-core", "staging", "prod", tag], env); // the token is scoped to staging
    expect(prod.code).toBe(9);
    expect(prod.stderr).toMatch(/HTTP 403/);
    const wrongToken = await runScript(["nura-core", "dev", "staging", tag], { ...env, PORTAL_TOKEN: "not-a-token" });
    expect(wrongToken.code).toBe(9);
    expect(wrongToken.stderr).toMatch(/HTTP 401/);
  });
});
