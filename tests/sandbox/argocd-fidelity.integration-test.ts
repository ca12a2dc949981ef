// Argo CD emulator fidelity (issue 15 items 1–5): the behaviours of argocd-server and its application
// controller that promotions depend on, each as read in argoproj/argo-cd (server/application,
// util/argo SetAppOperation, controller/appcontroller processRequestedAppOperation, server.go).
import { readFileSync, rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { startWorld, type World } from "@/sandbox/world";
import { argocdContract } from "./contracts";
import { argoApi, cloneGitops, commitTag, waitFor } from "./helpers";

const validate = argocdContract();
let world: World;
let clone: string;
// biome-ignore lint/suspicious/noExplicitAny: validated JSON
type Json = any;

const api = (path: string, init: RequestInit & { token?: string | null } = {}) => argoApi(world.env, path, init);

async function app(name: string): Promise<Json> {
  const r = await api(`/api/v1/applications/${name}`);
  expect(r.status).toBe(200);
  expect(validate("v1alpha1Application", r.body)).toEqual([]);
  return r.body;
}

const sync = (name: string, body: Record<string, unknown> = {}) =>
  api(`/api/v1/applications/${name}/sync`, { method: "POST", body: JSON.stringify(body) });

const PICKUP_MS = 900;

beforeAll(async () => {
  world = await startWorld({
    services: [],
    timing: {
      pollMs: 200,
      autoSyncDelayMs: 600,
      syncDelayMs: 500,
      healthDelayMs: 500,
      operationPickupMs: PICKUP_MS,
      // spec retry backoff 10s × 2^n → 100 ms, 200 ms, 400 ms
      retryBackoffScale: 0.01,
    },
  });
  clone = cloneGitops(world.env.GITOPS_REPO_URL!);
});
afterAll(async () => {
  await world?.stop();
  if (clone) rmSync(clone, { recursive: true, force: true });
});

describe("1. the gap between a sync request and the controller picking it up", () => {
  it("shows the request in .operation with no operationState, then Running, then Succeeded with .operation cleared", async () => {
    const before = await app("nura-core-staging");
    expect(before.status.operationState.phase).toBe("Succeeded");
    expect(before.operation).toBeUndefined();
    const sha = commitTag(clone, "helm/nura-core/values-staging.yaml", "1.4.9");

    const r = await sync("nura-core-staging", { prune: false, strategy: { hook: { force: false } } });
    expect(r.status).toBe(200);
    // The server resolved "main" itself (ls-remote), so the fresh commit is the revision at once.
    expect(r.body.operation).toMatchObject({
      sync: { revision: sha, syncStrategy: { hook: {} } },
      initiatedBy: { username: "proj:nura-system:portal" },
    });
    expect(r.body.status.operationState).toBeUndefined();
    // Reads right after the request see the same: neither the previous operation nor the new one.
    const early = await app("nura-core-staging");
    expect(early.operation.sync.revision).toBe(sha);
    expect(early.status.operationState).toBeUndefined();

    const running = await waitFor("Running", async () => {
      const a = await app("nura-core-staging");
      return a.status.operationState?.phase === "Running" && a;
    });
    expect(running.status.operationState.operation).toEqual(running.operation);
    const done = await waitFor("Succeeded", async () => {
      const a = await app("nura-core-staging");
      return a.status.operationState?.phase === "Succeeded" && a;
    });
    expect(done.operation).toBeUndefined();
    expect(done.status.operationState.syncResult.revision).toBe(sha);
  });
});

describe("2. revisions", () => {
  it("refuses syncing an auto-sync application to anything but its targetRevision (400, code 9)", async () => {
    const head = (await app("nura-ui-dev")).status.sync.revision as string;
    for (const revision of [head, "HEAD", "release-1"]) {
      const r = await sync("nura-ui-dev", { revision });
      expect(r.status, revision).toBe(400);
      expect(validate("runtimeError", r.body)).toEqual([]);
      expect(r.body).toMatchObject({ code: 9, message: `Cannot sync to ${revision}: auto-sync currently set to main` });
    }
    expect((await app("nura-ui-dev")).operation).toBeUndefined();
    // A dry run may name any revision.
    const dry = await sync("nura-ui-dev", { revision: head, dryRun: true });
    expect(dry.status).toBe(200);
    await waitFor("dry run done", async () => (await app("nura-ui-dev")).operation === undefined);
  });

  it("refuses a branch or tag that does not resolve at once; takes a SHA as given and fails it later", async () => {
    const r = await sync("nura-ui-prod", { revision: "no-such-branch" });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({
      code: 9,
      message:
        "error resolving repo revision: rpc error: code = Unknown desc = unable to resolve 'no-such-branch' to a commit SHA: revision not found",
    });
    expect((await app("nura-ui-prod")).operation).toBeUndefined();

    // A commit SHA is not looked up by the server (git.IsCommitSHA): the controller fails it, retrying
    // as spec.syncPolicy.retry says (limit 3), each retry visible in operationState.
    const missing = "0123456789abcdef0123456789abcdef01234567";
    const accepted = await sync("nura-ui-prod", { revision: missing });
    expect(accepted.status).toBe(200);
    expect(accepted.body.operation.retry).toEqual({
      limit: 3,
      backoff: { duration: "10s", factor: 2, maxDuration: "3m" },
    });
    const retrying = await waitFor("retrying", async () => {
      const a = await app("nura-ui-prod");
      return a.status.operationState?.retryCount >= 1 && a.status.operationState.phase === "Running" && a;
    });
    expect(retrying.status.operationState.message).toMatch(/unable to resolve|Retrying/);
    const failed = await waitFor(
      "Error after retries",
      async () => {
        const a = await app("nura-ui-prod");
        return a.status.operationState?.phase === "Error" && a;
      },
      20_000,
    );
    expect(failed.status.operationState.retryCount).toBe(3);
    expect(failed.status.operationState.message).toMatch(/^ComparisonError: .*\(retried 3 times\)\.$/);
    expect(failed.operation).toBeUndefined();
  });
});

describe("4. errors, list and the Applications as declared", () => {
  it("answers an unknown application with 'permission denied' (403, code 7), as for a forbidden one", async () => {
    const r = await api("/api/v1/applications/nope/sync", { method: "POST", body: "{}" });
    expect(r.status).toBe(403);
    expect(r.body).toEqual({ error: "permission denied", code: 7, message: "permission denied", details: [] });
    const other = await api("/api/v1/applications/nura-core-prod?project=nura-platform");
    expect(other.status).toBe(404);
    expect(other.body.message).toBe('applications.argoproj.io "nura-core-prod" not found');
  });

  it("words refused sessions as argocd-server does: 'invalid session: …' (401, code 16)", async () => {
    const token = world.env.ARGOCD_TOKEN!;
    const cases: [string, string][] = [
      ["not-a-jwt", "invalid session: token is malformed: token contains an invalid number of segments"],
      [`${token.slice(0, -4)}AAAA`, "invalid session: token signature is invalid: signature is invalid"],
    ];
    for (const [bad, message] of cases) {
      const r = await api("/api/v1/applications", { token: bad });
      expect(r.status).toBe(401);
      expect(r.body).toMatchObject({ code: 16, message });
    }
    expect((await api("/api/v1/applications", { token: null })).body).toMatchObject({
      code: 16,
      message: "no session information",
    });
    // userinfo authenticates but ignores the error (its AuthFuncOverride).
    const info = await api("/api/v1/session/userinfo", { token: "not-a-jwt" });
    expect(info).toMatchObject({ status: 200, body: { loggedIn: false } });
  });

  it("sorts the list by name, honours ?project= and refuses a bad selector", async () => {
    const all = await api("/api/v1/applications");
    const names = all.body.items.map((a: Json) => a.metadata.name);
    expect(names).toEqual([...names].sort());
    expect((await api("/api/v1/applications?project=nura-system")).body.items).toHaveLength(names.length);
    expect((await api("/api/v1/applications?project=nura-platform")).body.items).toBeNull();
    const bad = await api("/api/v1/applications?selector=nura.io%2Fenvironment%20in%20(prod");
    expect(bad.status).toBe(500); // a plain Go error: gRPC Unknown
    expect(bad.body.code).toBe(2);
    expect(bad.body.message).toMatch(/^error parsing the selector: /);
  });

  it("renders each Application from its ApplicationSet template (history limit, sync options, retry, annotations)", async () => {
    for (const env of ["dev", "staging", "prod"]) {
      const set = parse(readFileSync(`infra/argocd/applicationsets/nura-${env}.yaml`, "utf8"));
      const t = JSON.parse(JSON.stringify(set.spec.template).replaceAll("{{ .app }}", "nura-portal"));
      const a = await app(`nura-portal-${env}`);
      expect(a.metadata.annotations).toEqual(t.metadata.annotations);
      expect(a.spec.revisionHistoryLimit).toBe(t.spec.revisionHistoryLimit);
      expect(a.spec.syncPolicy).toEqual(t.spec.syncPolicy);
      expect(a.spec.destination).toEqual(t.spec.destination);
      expect(a.spec.project).toBe(t.spec.project);
      // The sandbox's own GitOps repository stands in for the production repoURL.
      expect(a.spec.source).toEqual({ ...t.spec.source, repoURL: `file://${world.env.GITOPS_REPO_URL}` });
      expect(a.spec.source.helm.valueFiles).toEqual([`values-${env}.yaml`]);
      expect(a.status.history.length).toBeLessThanOrEqual(t.spec.revisionHistoryLimit);
    }
  });

  it("gives a rollback the full operation.sync: revision, source, apply strategy, the app's sync options", async () => {
    const before = await app("nura-portal-staging");
    const entry = before.status.history.at(-1);
    const r = await api("/api/v1/applications/nura-portal-staging/rollback", {
      method: "POST",
      body: JSON.stringify({ id: entry.id }),
    });
    expect(r.status).toBe(200);
    expect(r.body.operation).toEqual({
      sync: {
        revision: entry.revision,
        source: before.spec.source,
        syncStrategy: { apply: {} },
        syncOptions: before.spec.syncPolicy.syncOptions,
      },
      initiatedBy: { username: "proj:nura-system:portal" },
      retry: {},
    });
    await waitFor("rollback done", async () => (await app("nura-portal-staging")).operation === undefined);
  });
});

describe("5. project role tokens", () => {
  it("records the portal's project role as Argo CD does (initiatedBy and userinfo keep proj:<project>:<role>)", async () => {
    const info = await api("/api/v1/session/userinfo");
    expect(info.body).toMatchObject({ loggedIn: true, username: "proj:nura-system:portal", iss: "argocd" });
    await waitFor("idle", async () => (await app("nura-portal-prod")).operation === undefined);
    const r = await sync("nura-portal-prod");
    expect(r.body.operation.initiatedBy).toEqual({ username: "proj:nura-system:portal" });
    const done = await waitFor("deployed", async () => {
      const a = await app("nura-portal-prod");
      return a.status.operationState?.phase === "Succeeded" && !a.operation && a;
    });
    expect(done.status.history.at(-1).initiatedBy).toEqual({ username: "proj:nura-system:portal" });
  });
});
