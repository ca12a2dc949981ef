// POST /api/applications/{app}/{env}/sync|refresh as Next calls it, on real PostgreSQL: the audit
// intent is committed before Argo CD is called, the outcome after, and nothing a client sends in its
// headers or body can turn that into "200, not audited". Only the session lookup and the Argo CD
// adapter are replaced (the sandbox emulator is exercised in tests/integrations/adapters).
import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { pgConfigFromUrl } from "@/lib/db-adapter";
import type { Principal, Role } from "@/lib/domain/roles";
import type { AppStatus } from "@/lib/integrations/argocd/api";
import { databaseUrl } from "../audit/support";
import { appStatus } from "../support/argocd-fixture";

let caller: Principal | null = null;
const argoCalls: { name: string; auditRowsBefore: number }[] = [];
let attacker: pg.Client;

vi.mock("@/lib/auth/session", async () => {
  const actual = await vi.importActual<typeof import("@/lib/auth/session")>("@/lib/auth/session");
  const { unauthorized } = await import("@/lib/http/errors");
  return {
    ...actual,
    getPrincipal: async () => caller,
    requireApiPrincipal: async (action: Parameters<typeof actual.authorize>[1] = "portal.view", env?: string) => {
      if (!caller) throw unauthorized();
      actual.authorize(caller, action, env);
      return caller;
    },
  };
});

const status = (name: string): AppStatus => appStatus({ name, application: "nura-core", revision: "abc123" });

// The outcome watch is enqueued on the job queue; here it is only captured (tests/integrations/adapters
// follows one to its end on PostgreSQL).
const watches: { intentSeq: string }[] = [];
vi.mock("@/lib/server/applications/jobs", () => ({
  enqueueOperationWatch: async (w: { intentSeq: string }) => void watches.push(w),
}));

vi.mock("@/lib/integrations", async () => {
  const fake = {
    async sync(name: string) {
      // What the audit log holds at the moment Argo CD is called.
      const { rows } = await attacker.query("SELECT count(*)::int AS n FROM audit_event");
      argoCalls.push({ name, auditRowsBefore: rows[0].n });
      return status(name);
    },
    async refresh(name: string) {
      argoCalls.push({ name, auditRowsBefore: -1 });
      return status(name);
    },
  };
  return { getIntegrations: () => ({ argocd: fake }) };
});

const as = (role: Role): Principal => ({
  id: crypto.randomUUID(),
  email: `${role}@nura.example`,
  name: role,
  grants: [{ role, environment: null }],
});

let sync: typeof import("@/app/api/applications/[app]/[env]/sync/route");
let refresh: typeof import("@/app/api/applications/[app]/[env]/refresh/route");
const ctx = (app: string, env: string) => ({ params: Promise.resolve({ app, env }) });
const post = (headers: Record<string, string> = {}, body = '{"confirm":true}') =>
  new Request("http://localhost:3000/api/applications/nura-core/prod/sync", {
    method: "POST",
    body,
    headers: { "content-type": "application/json", ...headers },
  });
const events = async () =>
  (
    await attacker.query(
      "SELECT action, outcome, correlation_id, actor_ip, length(user_agent) AS ua FROM audit_event ORDER BY seq",
    )
  ).rows;

beforeAll(async () => {
  attacker = new pg.Client(pgConfigFromUrl(databaseUrl()));
  await attacker.connect();
  sync = await import("@/app/api/applications/[app]/[env]/sync/route");
  refresh = await import("@/app/api/applications/[app]/[env]/refresh/route");
});
afterAll(async () => {
  await attacker?.end();
});
beforeEach(async () => {
  await attacker.query("SET session_replication_role = replica");
  await attacker.query("DELETE FROM audit_event");
  await attacker.query("SET session_replication_role = DEFAULT");
  argoCalls.length = 0;
  caller = as("approver");
});

describe("an Argo CD sync is audited before it happens", () => {
  it("writes the intent before calling Argo CD, then the outcome, under the request's id", async () => {
    const res = await sync.POST(post({ "x-request-id": "sync-route-1" }), ctx("nura-core", "prod"));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.auditIntentSeq).toBe("1");
    expect(argoCalls).toEqual([{ name: "nura-core-prod", auditRowsBefore: 1 }]);
    expect(await events()).toEqual([
      { action: "argocd.sync", outcome: "intent", correlation_id: "sync-route-1", actor_ip: null, ua: null },
      { action: "argocd.sync_started", outcome: "success", correlation_id: "sync-route-1", actor_ip: null, ua: null },
    ]);
    expect(body.outcome).toBe("started");
    expect(watches.at(-1)).toMatchObject({ intentSeq: "1" });
  });

  it("with a 201-character X-Request-Id, a 120-character X-Forwarded-For and a huge user agent", async () => {
    const res = await sync.POST(
      post({ "x-request-id": "r".repeat(201), "x-forwarded-for": "f".repeat(120), "user-agent": "u".repeat(5000) }),
      ctx("nura-core", "prod"),
    );
    expect(res.status).toBe(200);
    const id = res.headers.get("x-request-id");
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await events()).toEqual([
      { action: "argocd.sync", outcome: "intent", correlation_id: id, actor_ip: null, ua: 512 },
      { action: "argocd.sync_started", outcome: "success", correlation_id: id, actor_ip: null, ua: 512 },
    ]);
  });

  it("audits a refresh the same way (a developer may refresh prod)", async () => {
    caller = as("developer");
    const res = await refresh.POST(post({ "x-request-id": "refresh-1" }), ctx("nura-core", "prod"));
    expect(res.status).toBe(200);
    expect((await events()).map((e) => [e.action, e.outcome, e.correlation_id])).toEqual([
      ["argocd.refresh", "intent", "refresh-1"],
      ["argocd.refresh", "success", "refresh-1"],
    ]);
  });

  it("refuses a developer's prod sync with 403 and records the denial, without calling Argo CD", async () => {
    caller = as("developer");
    const res = await sync.POST(post(), ctx("nura-core", "prod"));
    expect(res.status).toBe(403);
    expect(argoCalls).toEqual([]);
    expect((await events()).map((e) => [e.action, e.outcome])).toEqual([["argocd.sync", "denied"]]);
  });

  it("answers 404 for a bad path segment, whichever copy of the error classes threw it", async () => {
    for (const [app, env] of [
      ["nura-core", "DEV"],
      ["../../etc/passwd", "dev"],
      ["nura-core", "\u0000"],
    ] as const) {
      const res = await sync.POST(post(), ctx(app, env));
      expect(res.status).toBe(404);
    }
    expect(argoCalls).toEqual([]);
    expect(await events()).toEqual([]);
  });

  it("refuses text/plain (415), a 5 MiB body (413) and unknown keys (400) before anything happens", async () => {
    expect((await sync.POST(post({ "content-type": "text/plain" }), ctx("nura-core", "prod"))).status).toBe(415);
    const big = `{"confirm":true,"x":"${"a".repeat(5 * 1024 * 1024)}"}`;
    expect((await sync.POST(post({}, big), ctx("nura-core", "prod"))).status).toBe(413);
    const unknown = await sync.POST(post({}, '{"confirm":true,"force":true}'), ctx("nura-core", "prod"));
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).message).toMatch(/force/);
    expect(argoCalls).toEqual([]);
    expect(await events()).toEqual([]);
  });
});
