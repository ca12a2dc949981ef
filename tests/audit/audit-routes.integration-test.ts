// The /api/audit route handlers on real PostgreSQL, called as Next calls them. Only the session
// lookup is replaced (next-auth needs a request scope); the permission check is the real one.
import type pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Principal, Role } from "@/lib/domain/roles";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { recordAudit } from "@/lib/server/audit";
import { actor, openAttacker, openDb, resetAudit } from "./support";

// The test plays the ingress at 10.0.0.0/8: X-Forwarded-For is believed up to the first other hop.
vi.hoisted(() => {
  process.env.TRUSTED_PROXIES = "10.0.0.0/8";
});

let caller: Principal | null = null;
vi.mock("@/lib/auth/session", async () => {
  const { authorize } = await vi
    .importActual<typeof import("@/lib/auth/session")>("@/lib/auth/session")
    .catch(() => ({ authorize: undefined }));
  const { can } = await import("@/lib/domain/roles");
  const { environmentScope, loadCatalog } = await import("@/lib/catalog");
  const { forbidden, unauthorized } = await import("@/lib/http/errors");
  const check = (p: Principal, action: Parameters<typeof can>[1], env?: string) => {
    if (authorize) return authorize(p, action, env);
    const scope = env === undefined ? undefined : environmentScope(loadCatalog("config/catalog.yaml"), env);
    if (!can(p, action, scope)) throw forbidden(`Your role may not ${action}`);
  };
  return {
    getPrincipal: async () => caller,
    requireApiPrincipal: async (action: Parameters<typeof can>[1] = "portal.view", env?: string) => {
      if (!caller) throw unauthorized();
      check(caller, action, env);
      return caller;
    },
    authorize: check,
  };
});

const as = (role: Role): Principal => ({
  id: crypto.randomUUID(),
  email: `${role}@nura.example`,
  name: role,
  grants: [
    { role: "viewer", environment: null },
    { role, environment: null },
  ],
});

let db: PrismaClient;
let attacker: pg.Client;
let listRoute: typeof import("@/app/api/audit/route");
let exportRoute: typeof import("@/app/api/audit/export/route");
let verifyRoute: typeof import("@/app/api/audit/verify/route");
let checkpointRoute: typeof import("@/app/api/audit/checkpoints/route");

beforeAll(async () => {
  db = openDb();
  attacker = await openAttacker();
  listRoute = await import("@/app/api/audit/route");
  exportRoute = await import("@/app/api/audit/export/route");
  verifyRoute = await import("@/app/api/audit/verify/route");
  checkpointRoute = await import("@/app/api/audit/checkpoints/route");
});
afterAll(async () => {
  await attacker?.end();
  await db?.$disconnect();
});
beforeEach(async () => {
  await resetAudit(attacker);
  for (let i = 0; i < 5; i++) {
    await db.$transaction((tx) =>
      recordAudit(tx, {
        action: "promotion.approved",
        actor: actor(),
        environment: "prod",
        application: "nura-core",
        target: { type: "promotion", id: `p${i}` },
        details: { i },
      }),
    );
  }
  caller = as("auditor");
});

const get = (path: string) =>
  new Request(`http://localhost:3000${path}`, { headers: { "user-agent": "vitest-route" } });
const post = (path: string, body?: string) =>
  new Request(`http://localhost:3000${path}`, {
    method: "POST",
    body,
    headers: { "content-type": "application/json", "x-forwarded-for": "203.0.113.9, 10.0.0.1" },
  });
const ctx = { params: Promise.resolve({}) };
const events = async () =>
  (await attacker.query("SELECT action, actor_email, actor_role, actor_ip FROM audit_event ORDER BY seq")).rows;

describe("auditor", () => {
  it("reads pages with filters and keyset cursors", async () => {
    const res = await listRoute.GET(get("/api/audit?environment=prod&limit=2"), ctx);
    expect(res.status).toBe(200);
    const page = await res.json();
    expect(page.events.map((e: { seq: string }) => e.seq)).toEqual(["5", "4"]);
    const next = await (
      await listRoute.GET(get(`/api/audit?environment=prod&limit=2&before=${page.older}`), ctx)
    ).json();
    expect(next.events.map((e: { seq: string }) => e.seq)).toEqual(["3", "2"]);
    expect(await events()).toHaveLength(5); // reading is not a change
  });

  it("refuses an unknown query key (a misspelt filter) with 400 naming it, writing nothing", async () => {
    for (const path of ["/api/audit?enviroment=prod", "/api/audit/export?format=csv&enviroment=prod"]) {
      const res = path.includes("export") ? await exportRoute.GET(get(path), ctx) : await listRoute.GET(get(path), ctx);
      expect(res.status).toBe(400);
      expect((await res.json()).message).toMatch(/^enviroment: is not a parameter here/);
    }
    expect(await events()).toHaveLength(5);
  });

  it("exports CSV as a stream and the export writes exactly one audit event", async () => {
    const res = await exportRoute.GET(get("/api/audit/export?format=csv&action=promotion.approved"), ctx);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="audit-.*\.csv"$/);
    const body = await res.text();
    expect(body.trimEnd().split("\r\n")).toHaveLength(6);
    const after = await events();
    expect(after).toHaveLength(6);
    expect(after[5]).toMatchObject({
      action: "audit.exported",
      actor_email: "auditor@nura.example",
      actor_role: "auditor",
    });
  });

  it("exports JSON", async () => {
    const res = await exportRoute.GET(get("/api/audit/export?format=json"), ctx);
    expect((await res.json()).map((e: { seq: string }) => e.seq)).toEqual(["1", "2", "3", "4", "5"]);
  });

  it("verifies (one audit event with the verdict) and creates a checkpoint (one audit event)", async () => {
    const v = await verifyRoute.POST(post("/api/audit/verify"), ctx);
    expect(v.status).toBe(200);
    expect(await v.json()).toMatchObject({ ok: true, checked: 5, firstBreak: null });
    let after = await events();
    expect(after).toHaveLength(6);
    expect(after[5]).toMatchObject({ action: "audit.verified", actor_ip: "203.0.113.9" });

    const c = await checkpointRoute.POST(post("/api/audit/checkpoints"), ctx);
    expect(c.status).toBe(201);
    expect(await c.json()).toMatchObject({ seq: "6" });
    after = await events();
    expect(after).toHaveLength(7);
    expect(after[6]!.action).toBe("audit.checkpoint_created");
    const list = await (await checkpointRoute.GET(get("/api/audit/checkpoints"), ctx)).json();
    expect(list.checkpoints).toHaveLength(1);
  });
});

describe("roles", () => {
  it.each(["viewer", "developer"] as const)("%s can neither read, export, verify nor checkpoint", async (role) => {
    caller = as(role);
    expect((await listRoute.GET(get("/api/audit"), ctx)).status).toBe(403);
    expect((await exportRoute.GET(get("/api/audit/export"), ctx)).status).toBe(403);
    expect((await verifyRoute.POST(post("/api/audit/verify"), ctx)).status).toBe(403);
    expect((await checkpointRoute.POST(post("/api/audit/checkpoints"), ctx)).status).toBe(403);
    // Reading is refused silently; each refused act is on record as denied.
    const denied = (
      await attacker.query("SELECT action, outcome, actor_role FROM audit_event WHERE seq > 5 ORDER BY seq")
    ).rows;
    expect(denied).toEqual([
      { action: "audit.exported", outcome: "denied", actor_role: role },
      { action: "audit.verified", outcome: "denied", actor_role: role },
      { action: "audit.checkpoint_created", outcome: "denied", actor_role: role },
    ]);
  });

  it("an approver reads but cannot export or verify", async () => {
    caller = as("approver");
    expect((await listRoute.GET(get("/api/audit"), ctx)).status).toBe(200);
    const res = await exportRoute.GET(get("/api/audit/export"), ctx);
    expect(res.status).toBe(403);
    expect((await res.json()).message).toMatch(/audit\.export/);
    expect((await verifyRoute.POST(post("/api/audit/verify"), ctx)).status).toBe(403);
  });

  it("signed out → 401", async () => {
    caller = null;
    expect((await listRoute.GET(get("/api/audit"), ctx)).status).toBe(401);
    expect((await verifyRoute.POST(post("/api/audit/verify"), ctx)).status).toBe(401);
  });
});

describe("request metadata a client controls cannot fail an audit write", () => {
  const hostile = {
    "x-request-id": "r".repeat(201),
    "x-forwarded-for": `${"9".repeat(120)}, 10.0.0.1`,
    "user-agent": "u".repeat(4000),
  };
  it.each([
    [
      "export",
      () =>
        exportRoute.GET(new Request("http://localhost:3000/api/audit/export?format=json", { headers: hostile }), ctx),
      200,
    ],
    [
      "verify",
      () =>
        verifyRoute.POST(
          new Request("http://localhost:3000/api/audit/verify", { method: "POST", headers: hostile }),
          ctx,
        ),
      200,
    ],
    [
      "checkpoint",
      () =>
        checkpointRoute.POST(
          new Request("http://localhost:3000/api/audit/checkpoints", { method: "POST", headers: hostile }),
          ctx,
        ),
      201,
    ],
  ] as const)("%s with a 201-character request id and a 120-character X-Forwarded-For", async (_, call, status) => {
    const res = await call();
    expect(res.status).toBe(status);
    const id = res.headers.get("x-request-id")!;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const rows = (
      await attacker.query("SELECT correlation_id, actor_ip, length(user_agent) AS ua FROM audit_event WHERE seq > 5")
    ).rows;
    expect(rows).toEqual([{ correlation_id: id, actor_ip: null, ua: 512 }]);
  });
});

describe("export has no side effect a browser can be tricked into, and HEAD writes nothing", () => {
  it("refuses a cross-site or same-site GET with 403 and writes no event", async () => {
    for (const site of ["cross-site", "same-site"]) {
      const res = await exportRoute.GET(
        new Request("http://localhost:3000/api/audit/export", { headers: { "sec-fetch-site": site } }),
        ctx,
      );
      expect(res.status).toBe(403);
    }
    expect(await events()).toHaveLength(5);
    const own = await exportRoute.GET(
      new Request("http://localhost:3000/api/audit/export", { headers: { "sec-fetch-site": "same-origin" } }),
      ctx,
    );
    expect(own.status).toBe(200);
    expect(await events()).toHaveLength(6);
  });

  it("answers HEAD with the headers of the export and writes no event", async () => {
    const res = await exportRoute.HEAD(
      new Request("http://localhost:3000/api/audit/export?format=json", { method: "HEAD" }),
      ctx,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(await events()).toHaveLength(5);
    caller = as("viewer");
    expect(
      (await exportRoute.HEAD(new Request("http://localhost:3000/api/audit/export", { method: "HEAD" }), ctx)).status,
    ).toBe(403);
  });
});

describe("bodies are strict JSON, small, and typed", () => {
  const raw = (body: string, type: string) =>
    new Request("http://localhost:3000/api/audit/verify", { method: "POST", body, headers: { "content-type": type } });
  it("refuses text/plain with 415, 5 MiB with 413, writing nothing", async () => {
    const plain = await verifyRoute.POST(raw("{}", "text/plain"), ctx);
    expect(plain.status).toBe(415);
    expect((await plain.json()).message).toMatch(/application\/json/);
    const big = await verifyRoute.POST(raw(`{"x":"${"a".repeat(5 * 1024 * 1024)}"}`, "application/json"), ctx);
    expect(big.status).toBe(413);
    expect(await events()).toHaveLength(5);
  });
});

describe("bad input is a 4xx naming the problem, and writes nothing", () => {
  const cases: [string, () => Promise<Response>, RegExp][] = [
    ["unknown outcome", () => listRoute.GET(get("/api/audit?outcome=maybe"), ctx), /^outcome: must be one of/],
    [
      "unknown action",
      () => listRoute.GET(get("/api/audit?action=promotion.yolo"), ctx),
      /"promotion\.yolo" is not an audit action/,
    ],
    ["bad date", () => listRoute.GET(get("/api/audit?from=last%20tuesday"), ctx), /^from: must be an ISO date/],
    ["bad cursor", () => listRoute.GET(get("/api/audit?before=-1"), ctx), /^before: must be an event sequence number/],
    ["limit too big", () => listRoute.GET(get("/api/audit?limit=5000"), ctx), /^limit: must be at most 200/],
    [
      "bad export format",
      () => exportRoute.GET(get("/api/audit/export?format=xml"), ctx),
      /^format: must be one of csv, json, ndjson/,
    ],
    [
      "bad export filter",
      () => exportRoute.GET(get("/api/audit/export?from=2026-02-01&to=2026-01-01"), ctx),
      /^from: must be before to/,
    ],
    ["malformed JSON", () => verifyRoute.POST(post("/api/audit/verify", "{nope"), ctx), /not valid JSON/],
    [
      "bad checkpoint id",
      () => verifyRoute.POST(post("/api/audit/verify", '{"fromCheckpointId":"x"}'), ctx),
      /^fromCheckpointId: must be a checkpoint id/,
    ],
    [
      "no signed checkpoint to start from",
      () => verifyRoute.POST(post("/api/audit/verify", '{"fromCheckpointId":"latest-signed"}'), ctx),
      /no checkpoint can be trusted|no signed checkpoint/,
    ],
    ["unknown key", () => verifyRoute.POST(post("/api/audit/verify", '{"fast":true}'), ctx), /fast/],
    [
      "unknown checkpoint",
      () => verifyRoute.POST(post("/api/audit/verify", `{"fromCheckpointId":"${crypto.randomUUID()}"}`), ctx),
      /does not exist/,
    ],
    ["checkpoint with a body", () => checkpointRoute.POST(post("/api/audit/checkpoints", '{"seq":1}'), ctx), /seq/],
    [
      "cursor above the int8 range",
      () => listRoute.GET(get("/api/audit?before=9999999999999999999"), ctx),
      /^before: must be an event sequence number \(at most 9223372036854775807\)/,
    ],
    ["year zero", () => listRoute.GET(get("/api/audit?from=0000-01-01"), ctx), /^from: must be a year between 1970/],
    [
      "February 30th",
      () => listRoute.GET(get("/api/audit?from=2026-02-30"), ctx),
      /^from: is not a valid date \(2026-02 has 28 days\)/,
    ],
    ["hour 24", () => listRoute.GET(get("/api/audit?to=2026-02-01T24:00:00Z"), ctx), /^to: is not a valid time of day/],
    ["NUL in a filter", () => listRoute.GET(get("/api/audit?q=a%00b"), ctx), /^q: must not contain NUL/],
    [
      "NUL in an export filter",
      () => exportRoute.GET(get("/api/audit/export?actor=%00"), ctx),
      /^actor: must not contain NUL/,
    ],
    ["NUL in a correlation id", () => listRoute.GET(get("/api/audit?correlationId=x%00"), ctx), /must not contain NUL/],
    ["a repeated key", () => listRoute.GET(get("/api/audit?limit=1&limit=2"), ctx), /^limit: must be given once/],
  ];
  it.each(cases)("%s", async (_, call, message) => {
    const res = await call();
    expect(res.status).toBe(400);
    expect((await res.json()).message).toMatch(message);
    expect(await events()).toHaveLength(5);
  });
});
