import { describe, expect, it } from "vitest";
import { badRequest, forbidden, notFound } from "@/lib/http/errors";
import { contextFromHeaders, trustedProxies } from "@/lib/http/request-context";
import { auditContext, createAuditedAction } from "./audited-action";
import { type AuditEventInput, auditEventInputSchema, normaliseAuditInput } from "./record";

const principal = { id: "u1", email: "a@x", name: "A", grants: [{ role: "approver" as const, environment: null }] };

function harness(failOn?: (e: AuditEventInput) => boolean) {
  const log: string[] = [];
  const events: AuditEventInput[] = [];
  let seq = 0n;
  const run = createAuditedAction({
    write: async (e) => {
      // The real writer validates exactly like recordAudit does.
      const parsed = auditEventInputSchema.safeParse(normaliseAuditInput(e));
      if (!parsed.success) throw new Error(parsed.error.issues[0]!.message);
      if (failOn?.(e)) throw new Error("database down");
      events.push(e);
      log.push(`audit:${e.outcome}`);
      seq += 1n;
      return { seq, id: `e${seq}`, hash: "h", occurredAt: new Date() };
    },
    logLost: (e) => void log.push(`lost:${e.outcome}`),
    retryDelaysMs: [0],
  });
  return { run, log, events };
}

const hostile = auditContext(
  principal,
  contextFromHeaders(
    new Headers({
      "x-request-id": "r".repeat(201),
      "x-forwarded-for": "1".repeat(150),
      "user-agent": "u".repeat(5000),
    }),
    trustedProxies(""),
  ),
);

describe("auditedAction", () => {
  it("records the intent, runs, records the outcome — whatever headers the client sent", async () => {
    const { run, log, events } = harness();
    const out = await run(hostile, { action: "argocd.sync", environment: "prod" }, async (intent) => {
      log.push(`call after #${intent.seq}`);
      return 42;
    });
    expect(out).toBe(42);
    expect(log).toEqual(["audit:intent", "call after #1", "audit:success"]);
    expect(events[1]!.details).toMatchObject({ intentSeq: "1" });
  });

  it("refuses the action with a 503 when the intent cannot be written", async () => {
    const { run, log } = harness((e) => e.outcome === "intent");
    let called = false;
    const err = await run(hostile, { action: "argocd.sync" }, async () => {
      called = true;
    }).catch((e: unknown) => e);
    expect(called).toBe(false);
    expect(err).toMatchObject({ code: "service_unavailable" });
    expect(log).toEqual(["lost:intent"]);
  });

  it("audits a 403 from authorize as denied, and other refusals not at all", async () => {
    const { run, events } = harness();
    await expect(
      run(
        hostile,
        {
          action: "argocd.sync",
          authorize: () => {
            throw forbidden("nope");
          },
        },
        async () => 1,
      ),
    ).rejects.toMatchObject({ code: "forbidden" });
    expect(events.map((e) => e.outcome)).toEqual(["denied"]);
    await expect(
      run(
        hostile,
        {
          action: "argocd.sync",
          authorize: () => {
            throw notFound("gone");
          },
        },
        async () => 1,
      ),
    ).rejects.toMatchObject({ code: "not_found" });
    expect(events).toHaveLength(1);
  });

  it("runs a precheck only for an authorized caller, and records nothing when it refuses", async () => {
    const { run, events } = harness();
    const prechecked: string[] = [];
    const precheck = async () => {
      prechecked.push("checked");
      throw badRequest("no such resource");
    };
    await expect(
      run(
        hostile,
        {
          action: "argocd.sync",
          authorize: () => {
            throw forbidden("nope");
          },
          precheck,
        },
        async () => 1,
      ),
    ).rejects.toMatchObject({ code: "forbidden" });
    expect(prechecked).toEqual([]);
    let called = false;
    await expect(
      run(hostile, { action: "argocd.sync", authorize: () => {}, precheck }, async () => {
        called = true;
        return 1;
      }),
    ).rejects.toMatchObject({ code: "bad_request" });
    expect(prechecked).toEqual(["checked"]);
    expect(called).toBe(false);
    expect(events.map((e) => e.outcome)).toEqual(["denied"]);
  });

  it("records a failure with its reason and rethrows it", async () => {
    const { run, events } = harness();
    await expect(
      run(hostile, { action: "argocd.refresh" }, async () => {
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(events.map((e) => [e.outcome, e.details?.error])).toEqual([
      ["intent", undefined],
      ["failure", "boom"],
    ]);
  });

  it("names an accepted call's success event successAction, and keeps a refused call under the action", async () => {
    const ok = harness();
    await ok.run(hostile, { action: "argocd.sync" }, async () => "queued", { successAction: "argocd.sync_started" });
    expect(ok.events.map((e) => [e.action, e.outcome])).toEqual([
      ["argocd.sync", "intent"],
      ["argocd.sync_started", "success"],
    ]);
    const refused = harness();
    await expect(
      refused.run(
        hostile,
        { action: "argocd.sync" },
        async () => {
          throw new Error("another operation is already in progress");
        },
        { successAction: "argocd.sync_started" },
      ),
    ).rejects.toThrow();
    expect(refused.events.map((e) => [e.action, e.outcome])).toEqual([
      ["argocd.sync", "intent"],
      ["argocd.sync", "failure"],
    ]);
  });
});

describe("normaliseAuditInput", () => {
  it("makes every client-derived field storable", () => {
    const input: AuditEventInput = {
      action: "audit.exported",
      actor: {
        id: "i".repeat(300),
        email: "e".repeat(400),
        role: "r".repeat(80),
        ip: "9".repeat(150),
        userAgent: "\u0000".repeat(10),
      },
      environment: "x".repeat(100),
      application: "y".repeat(200),
      target: { type: "audit", id: "t".repeat(300) },
      correlationId: "c".repeat(201),
      details: { q: "a\u0000b", [`k${"\ud800"}`]: "🚀".repeat(5000) },
    };
    expect(auditEventInputSchema.safeParse(input).success).toBe(false);
    const parsed = auditEventInputSchema.safeParse(normaliseAuditInput(input));
    expect(parsed.error?.issues).toBeUndefined();
    expect(parsed.data?.details.q).toBe("a\ufffdb");
  });
});
