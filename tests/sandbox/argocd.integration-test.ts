// Argo CD emulator: the world follows real git commits, and every response shape is validated
// against contracts/argocd/swagger.json (vendored) (strict: no invented fields).
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorld, type World } from "@/sandbox/world";
import { argocdContract, argocdProjectionContract } from "./contracts";
import { argoApi, cloneGitops, commitTag, waitFor } from "./helpers";

const validate = argocdContract();
const validateProjection = argocdProjectionContract();
let world: World;
let clone: string;
// Response bodies are checked against the swagger first; after that, tests navigate them freely.
// biome-ignore lint/suspicious/noExplicitAny: validated JSON
type Json = any;
type App = { metadata: { name: string }; status: Record<string, Json>; operation?: unknown };

const api = (path: string, init: RequestInit & { token?: string | null } = {}) => argoApi(world.env, path, init);

function expectShape(definition: string, body: unknown) {
  expect(validate(definition, body), definition).toEqual([]);
}

async function app(name: string): Promise<App> {
  const r = await api(`/api/v1/applications/${name}`);
  expect(r.status).toBe(200);
  expectShape("v1alpha1Application", r.body);
  return r.body as App;
}

beforeAll(async () => {
  world = await startWorld({
    services: [],
    // Windows wide enough to observe each intermediate state on a loaded CI machine.
    timing: { pollMs: 200, autoSyncDelayMs: 600, syncDelayMs: 800, healthDelayMs: 2000 },
  });
  clone = cloneGitops(world.env.GITOPS_REPO_URL!);
});
afterAll(async () => {
  await world?.stop();
  if (clone) rmSync(clone, { recursive: true, force: true });
});

describe("contract validator", () => {
  it("rejects invented fields and wrong types, so the shape checks below can fail", () => {
    const minimal = {
      metadata: { name: "x" },
      spec: {},
      status: { sync: { status: "Synced" }, health: {}, summary: {} },
    };
    expect(validate("v1alpha1Application", minimal)).toEqual([]);
    expect(validate("v1alpha1Application", { ...minimal, invented: true })).not.toEqual([]);
    expect(
      validate("v1alpha1Application", { ...minimal, status: { ...minimal.status, history: [{ id: "7" }] } }),
    ).not.toEqual([]);
    // The required-field overlay (ARGOCD_REQUIRED): what the portal reads must be there.
    expect(validate("v1alpha1Application", { ...minimal, status: { health: {}, summary: {} } }).join()).toContain(
      "sync",
    );
    expect(validate("v1alpha1Application", { ...minimal, status: { ...minimal.status, sync: {} } }).join()).toContain(
      "status",
    );
    expect(validate("v1alpha1Application", { spec: {}, status: minimal.status }).join()).toContain("metadata");
    expect(validate("runtimeError", { error: "x" }).join()).toContain("code");
  });
});

describe("auth and errors", () => {
  it("rejects missing and forged tokens with 401 / code 16", async () => {
    for (const token of [null, "not-a-jwt", `${world.env.ARGOCD_TOKEN!.slice(0, -4)}AAAA`]) {
      const r = await api("/api/v1/applications", { token });
      expect(r.status).toBe(401);
      expect(r.body.code).toBe(16);
      expectShape("runtimeError", r.body);
    }
  });

  it("logs in with a session and reports userinfo", async () => {
    const bad = await api("/api/v1/session", {
      method: "POST",
      token: null,
      body: JSON.stringify({ username: "admin", password: "nope" }),
    });
    expect(bad.status).toBe(401);
    const r = await api("/api/v1/session", {
      method: "POST",
      token: null,
      body: JSON.stringify({ username: "admin", password: "sandbox" }),
    });
    expect(r.status).toBe(200);
    expectShape("sessionSessionResponse", r.body);
    expect(r.body.token.split(".")).toHaveLength(3);
    const info = await api("/api/v1/session/userinfo", { token: r.body.token });
    expectShape("sessionGetUserInfoResponse", info.body);
    expect(info.body).toMatchObject({ loggedIn: true, username: "admin", iss: "argocd" });
  });

  it("answers 403 for an unknown application, 404 with ?project=", async () => {
    const r = await api("/api/v1/applications/does-not-exist");
    expect(r.status).toBe(403);
    expect(r.body.code).toBe(7);
    const p = await api("/api/v1/applications/does-not-exist?project=nura-system");
    expect(p.status).toBe(404);
    expect(p.body.code).toBe(5);
  });

  it("requires exactly application/json on every non-GET request, body or not (415 before auth)", async () => {
    const sync = "/api/v1/applications/nura-core-staging/sync";
    for (const type of ["text/plain", "application/json; charset=utf-8", "application/json;charset=UTF-8"]) {
      const r = await api(sync, { method: "POST", body: "{}", headers: { "content-type": type } });
      expect(r.status, type).toBe(415);
      expect(r.body).toBe("Invalid content type\n");
    }
    // No content type at all: what fetch sends for a body-less DELETE unless told otherwise.
    const res = await fetch(`${world.env.ARGOCD_URL}/api/v1/applications/nura-core-staging/operation`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${world.env.ARGOCD_TOKEN}` },
    });
    expect(res.status).toBe(415);
    expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    const anonymous = await api(sync, { method: "POST", token: null, headers: { "content-type": "text/plain" } });
    expect(anonymous.status).toBe(415);
    // The header is compared case-insensitively, as argocd-server lower-cases it.
    const upper = await api("/api/v1/applications/nura-core-staging/operation", {
      method: "DELETE",
      headers: { "content-type": "Application/JSON" },
    });
    expect(upper.status).toBe(400); // past the check: nothing runs, so nothing to terminate
  });
});

describe("list", () => {
  it("lists one application per application × environment from the catalog", async () => {
    const r = await api("/api/v1/applications");
    expectShape("v1alpha1ApplicationList", r.body);
    const names = (r.body.items as App[]).map((a) => a.metadata.name).sort();
    expect(names).toHaveLength(9);
    expect(names).toContain("nura-portal-prod");
    for (const a of r.body.items as App[]) expect(a.status.history.length).toBeGreaterThan(0);
  });

  it("filters by label selector and projects fields through the whitelist only", async () => {
    const r = await api(
      "/api/v1/applications?selector=nura.io/environment%3Dprod&fields=items.metadata.name,items.status.sync.status,items.status.history,items.status.summary",
    );
    // A projection drops what was not asked for, so only the names are checked, not the required fields.
    expect(validateProjection("v1alpha1ApplicationList", r.body)).toEqual([]);
    expect(validate("v1alpha1ApplicationList", r.body)).not.toEqual([]);
    expect(r.body.kind).toBeUndefined();
    expect(r.body.items).toHaveLength(3);
    for (const a of r.body.items) {
      expect(Object.keys(a).sort()).toEqual(["metadata", "status"]);
      expect(a.status.history).toBeUndefined(); // not projectable
      expect(a.status.summary.images[0]).toMatch(/:/);
      expect(a.status.sync.status).toBe("Synced");
    }
    const none = await api("/api/v1/applications?selector=nura.io/environment%3Dnope");
    expect(none.body.items).toBeNull();
  });
});

describe("GitOps flow", () => {
  it("a commit to values-dev.yaml goes OutOfSync, auto-syncs, then Progressing → Healthy", async () => {
    const before = await app("nura-core-dev");
    const historyBefore = before.status.history.length;
    const sha = commitTag(clone, "helm/nura-core/values-dev.yaml", "1.4.3");
    await waitFor("OutOfSync", async () => (await app("nura-core-dev")).status.sync.status === "OutOfSync", 10_000, 50);
    const progressing = await waitFor("Progressing", async () => {
      const a = await app("nura-core-dev");
      return a.status.health.status === "Progressing" && a;
    });
    expect(progressing.status.operationState.phase).toBe("Succeeded");
    expect(progressing.status.operationState.operation.initiatedBy).toEqual({ automated: true });
    const healthy = await waitFor("Healthy", async () => {
      const a = await app("nura-core-dev");
      return a.status.health.status === "Healthy" && a;
    });
    expect(healthy.status.sync).toMatchObject({ status: "Synced", revision: sha });
    expect(healthy.status.summary.images[0]).toMatch(/nura-core:1\.4\.3$/);
    expect(healthy.status.history).toHaveLength(historyBefore + 1);
    expect(healthy.status.history.at(-1)).toMatchObject({ revision: sha, initiatedBy: { automated: true } });
  });

  it("a manual environment stays OutOfSync until synced; a 'bad' tag ends Degraded; rollback restores", async () => {
    const before = await app("nura-ui-staging");
    const goodId = before.status.history.at(-1).id;
    commitTag(clone, "helm/nura-ui/values-staging.yaml", "2.0.4-bad");
    await waitFor("OutOfSync", async () => (await app("nura-ui-staging")).status.sync.status === "OutOfSync");
    await new Promise((r) => setTimeout(r, 800));
    expect((await app("nura-ui-staging")).status.sync.status).toBe("OutOfSync"); // no auto-sync

    const sync = await api("/api/v1/applications/nura-ui-staging/sync", {
      method: "POST",
      body: JSON.stringify({ prune: false, dryRun: false }),
    });
    expect(sync.status).toBe(200);
    expectShape("v1alpha1Application", sync.body);
    // The request sits in .operation; status.operationState is cleared until the controller starts it.
    expect(sync.body.operation.sync.revision).toMatch(/^[0-9a-f]{40}$/);
    expect(sync.body.status.operationState).toBeUndefined();
    const again = await api("/api/v1/applications/nura-ui-staging/sync", { method: "POST", body: "{}" });
    expect(again.status).toBe(400);
    expectShape("runtimeError", again.body);
    expect(again.body).toMatchObject({
      code: 9,
      message: "error setting app operation: another operation is already in progress",
    });

    const degraded = await waitFor("Degraded", async () => {
      const a = await app("nura-ui-staging");
      return a.status.health.status === "Degraded" && a;
    });
    expect(degraded.status.sync.status).toBe("Synced");

    const tree = await api("/api/v1/applications/nura-ui-staging/resource-tree");
    expectShape("v1alpha1ApplicationTree", tree.body);
    expect(tree.body.nodes.some((n: Json) => n.kind === "Pod" && n.health.status === "Degraded")).toBe(true);

    const missing = await api("/api/v1/applications/nura-ui-staging/rollback", {
      method: "POST",
      body: JSON.stringify({ id: 999 }),
    });
    expect(missing.status).toBe(400);
    expectShape("runtimeError", missing.body);
    const rb = await api("/api/v1/applications/nura-ui-staging/rollback", {
      method: "POST",
      body: JSON.stringify({ id: goodId }),
    });
    expect(rb.status).toBe(200);
    expectShape("v1alpha1Application", rb.body);
    const healthy = await waitFor("Healthy after rollback", async () => {
      const a = await app("nura-ui-staging");
      return a.status.health.status === "Healthy" && a.status.operationState?.phase === "Succeeded" && a;
    });
    expect(healthy.status.summary.images[0]).toMatch(/:2\.0\.3$/);
    expect(healthy.status.sync.status).toBe("OutOfSync"); // git still says 2.0.4-bad
  });

  it("answers a hard refresh (GET ?refresh=hard, as the portal's Refresh sends) with the Application", async () => {
    const r = await api("/api/v1/applications/nura-core-prod?refresh=hard");
    expect(r.status).toBe(200);
    expectShape("v1alpha1Application", r.body);
    expect(r.body.metadata.name).toBe("nura-core-prod");
    const unknown = await api("/api/v1/applications/nope?refresh=normal");
    expect(unknown.status).toBe(403);
    expectShape("runtimeError", unknown.body);
  });

  it("refuses rollback when auto-sync is on", async () => {
    const r = await api("/api/v1/applications/nura-ui-dev/rollback", {
      method: "POST",
      body: JSON.stringify({ id: 0 }),
    });
    expect(r.status).toBe(400);
    expectShape("runtimeError", r.body);
    expect(r.body.message).toBe("rollback cannot be initiated when auto-sync is enabled");
  });

  it("terminates a running operation, 400 when nothing runs", async () => {
    const none = await api("/api/v1/applications/nura-portal-prod/operation", { method: "DELETE" });
    expect(none.status).toBe(400);
    expect(none.body).toMatchObject({ code: 3, message: "Unable to terminate operation. No operation is in progress" });
    await api("/api/v1/applications/nura-portal-prod/sync", { method: "POST", body: "{}" });
    // Requested but not yet started by the controller: nothing to terminate yet.
    const early = await api("/api/v1/applications/nura-portal-prod/operation", { method: "DELETE" });
    expect(early.status).toBe(400);
    await waitFor("Running", async () => (await app("nura-portal-prod")).status.operationState?.phase === "Running");
    const t = await api("/api/v1/applications/nura-portal-prod/operation", { method: "DELETE" });
    expect(t.status).toBe(200);
    expectShape("applicationOperationTerminateResponse", t.body);
    const a = await waitFor("Failed", async () => {
      const x = await app("nura-portal-prod");
      return x.status.operationState?.phase === "Failed" && x;
    });
    expect(a.status.operationState.message).toBe("Operation terminated");
  });

  it("serves managed resources and revision metadata from git", async () => {
    const a = await app("nura-core-prod");
    const mr = await api("/api/v1/applications/nura-core-prod/managed-resources");
    expectShape("applicationManagedResourcesResponse", mr.body);
    expect(JSON.parse(mr.body.items[0].liveState).spec.template.spec.containers[0].image).toMatch(/:1\.3\.7$/);
    const rev = a.status.history.at(-1).revision;
    const md = await api(`/api/v1/applications/nura-core-prod/revisions/${rev}/metadata`);
    expectShape("v1alpha1RevisionMetadata", md.body);
    expect(md.body.author).toMatch(/<.+@nura\.example\.com>/);
    expect(md.body.message).toContain("1.3.7");
  });

  it("streams ADDED then MODIFIED events as newline-delimited JSON", async () => {
    const ctrl = new AbortController();
    const res = await fetch(`${world.env.ARGOCD_URL}/api/v1/stream/applications?name=nura-portal-staging`, {
      headers: { authorization: `Bearer ${world.env.ARGOCD_TOKEN}` },
      signal: ctrl.signal,
    });
    const reader = res.body!.getReader();
    const events: Json[] = [];
    let buf = "";
    const read = async () => {
      while (events.length < 2) {
        const { value, done } = await reader.read();
        if (done) break;
        buf += new TextDecoder().decode(value);
        let i = buf.indexOf("\n");
        while (i >= 0) {
          events.push(JSON.parse(buf.slice(0, i)));
          buf = buf.slice(i + 1);
          i = buf.indexOf("\n");
        }
      }
    };
    const reading = read();
    await new Promise((r) => setTimeout(r, 100));
    await api("/api/v1/applications/nura-portal-staging/sync", { method: "POST", body: "{}" });
    await reading;
    ctrl.abort();
    expect(events[0].result.type).toBe("ADDED");
    expect(events[1].result.type).toBe("MODIFIED");
    for (const e of events) expectShape("v1alpha1ApplicationWatchEvent", e.result);
  });

  it("streams SSE frames with ':' keepalives when asked for text/event-stream", async () => {
    const ctrl = new AbortController();
    const res = await fetch(`${world.env.ARGOCD_URL}/api/v1/stream/applications?name=nura-ui-prod`, {
      headers: { authorization: `Bearer ${world.env.ARGOCD_TOKEN}`, accept: "text/event-stream" },
      signal: ctrl.signal,
    });
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const reader = res.body!.getReader();
    let text = "";
    while (!text.includes(":\n\n")) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    ctrl.abort();
    const first = text.split("\n\n")[0]!;
    expect(first.startsWith("data: ")).toBe(true);
    const event = JSON.parse(first.slice("data: ".length));
    expect(event.result.type).toBe("ADDED");
    expectShape("v1alpha1ApplicationWatchEvent", event.result);
  });
});
