import { describe, expect, it } from "vitest";
import { environmentScope } from "@/lib/catalog";
import { can, type Principal } from "@/lib/domain/roles";
import { AppError, forbidden, IntegrationError } from "@/lib/http/errors";
import type { AppStatus } from "@/lib/integrations/argocd/api";
import { type AuditContext, createAuditedAction } from "@/lib/server/audit/audited-action";
import type { AuditEventInput } from "@/lib/server/audit/record";
import { devProdCatalog as catalog } from "@/tests/support/catalog-fixture";
import { type ActionDeps, runArgoAction } from "./actions";

const status = (name: string): AppStatus => ({
  name,
  project: "nura",
  application: "core",
  environment: "prod",
  syncStatus: "Synced",
  revision: "abc",
  health: "Healthy",
  healthMessage: null,
  images: [],
  imageTag: null,
  autoSync: false,
  lastDeploy: null,
  operation: null,
  history: [],
  reconciledAt: null,
});

const developer: Principal = { id: "u1", email: "d@x", name: "D", grants: [{ role: "developer", environment: null }] };
const approver: Principal = { id: "u2", email: "a@x", name: "A", grants: [{ role: "approver", environment: null }] };
const audit = (p: Principal): AuditContext => ({
  principal: p,
  actor: { id: p.id, email: p.email, role: p.grants[0]!.role, ip: null, userAgent: null },
  correlationId: "req-1",
});

function deps(over: { argocd?: ActionDeps["argocd"]; write?: (e: AuditEventInput) => Promise<void> } = {}) {
  const written: AuditEventInput[] = [];
  const lost: AuditEventInput[] = [];
  // One log of audit writes and Argo CD calls, in the order they happened.
  const calls: string[] = [];
  let seq = 0n;
  const d: ActionDeps = {
    argocd: over.argocd ?? {
      sync: async (n) => {
        calls.push(`sync ${n}`);
        return status(n);
      },
      refresh: async (n) => {
        calls.push(`refresh ${n}`);
        return status(n);
      },
    },
    catalog: async () => catalog,
    authorize: (p, a, e) => {
      if (!can(p, a, environmentScope(catalog, e))) throw forbidden(`Your role may not ${a} in ${e}`);
    },
    auditedAction: createAuditedAction({
      write: async (e) => {
        await over.write?.(e);
        written.push(e);
        calls.push(`audit ${e.outcome}`);
        seq += 1n;
        return { seq, id: `id-${seq}`, hash: "h", occurredAt: new Date() };
      },
      logLost: (e) => void lost.push(e),
      retryDelaysMs: [1, 1],
    }),
    countEvent: () => {},
  };
  return { d, written, lost, calls };
}

describe("runArgoAction", () => {
  it("records the intent before calling Argo CD and the outcome after", async () => {
    const { d, written, calls } = deps();
    const r = await runArgoAction(d, {
      principal: approver,
      audit: audit(approver),
      application: "core",
      environment: "prod",
      action: "sync",
    });
    expect(calls).toEqual(["audit intent", "sync core-prod", "audit success"]);
    expect(r.auditIntentSeq).toBe("1");
    expect(written.map((e) => e.outcome)).toEqual(["intent", "success"]);
    expect(written[1]).toMatchObject({
      action: "argocd.sync",
      environment: "prod",
      application: "core",
      correlationId: "req-1",
      target: { type: "application", id: "core/prod" },
      details: { intentSeq: "1", argocdApplication: "core-prod", prune: false, revision: "abc" },
    });
  });

  it("refuses the action, without calling Argo CD, when the intent cannot be written", async () => {
    const { d, calls, lost } = deps({
      write: async () => {
        throw new Error("connection refused");
      },
    });
    const err = await runArgoAction(d, {
      principal: approver,
      audit: audit(approver),
      application: "core",
      environment: "prod",
      action: "sync",
    }).catch((e: unknown) => e);
    expect((err as AppError).status).toBe(503);
    expect((err as Error).message).toMatch(/audit log cannot be written, so argocd.sync was refused/);
    expect(calls).toEqual([]);
    expect(lost[0]).toMatchObject({ action: "argocd.sync", outcome: "intent" });
  });

  it("refuses a role not allowed in the environment before calling Argo CD, and audits the denial", async () => {
    const { d, written, calls } = deps();
    const err = await runArgoAction(d, {
      principal: developer,
      audit: audit(developer),
      application: "core",
      environment: "prod",
      action: "sync",
    }).catch((e: unknown) => e);
    expect((err as AppError).status).toBe(403);
    expect(calls).toEqual(["audit denied"]);
    expect(written[0]).toMatchObject({
      action: "argocd.sync",
      outcome: "denied",
      environment: "prod",
      details: { error: "Your role may not argocd.sync in prod", code: "forbidden" },
    });
    await expect(
      runArgoAction(d, {
        principal: developer,
        audit: audit(developer),
        application: "core",
        environment: "dev",
        action: "sync",
      }),
    ).resolves.toBeTruthy();
  });

  it("answers 404 for an application or environment not in the catalog, writing nothing", async () => {
    const { d, written } = deps();
    const input = { principal: approver, audit: audit(approver) };
    await expect(
      runArgoAction(d, { ...input, application: "nope", environment: "prod", action: "sync" }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(
      runArgoAction(d, { ...input, application: "core", environment: "qa", action: "refresh" }),
    ).rejects.toMatchObject({ status: 404 });
    expect(written).toEqual([]);
  });

  it("maps Argo CD's refusal to a 409 naming it, and audits the failure with Argo CD's words", async () => {
    const { d, written } = deps({
      argocd: {
        sync: async () => {
          throw new IntegrationError("argocd", 400, "sync: HTTP 400: another operation is already in progress");
        },
        refresh: async () => status("x"),
      },
    });
    const err = await runArgoAction(d, {
      principal: approver,
      audit: audit(approver),
      application: "core",
      environment: "prod",
      action: "sync",
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).status).toBe(409);
    expect((err as Error).message).toBe("Argo CD refused: another operation is already in progress");
    expect(written.map((e) => e.outcome)).toEqual(["intent", "failure"]);
    expect(written[1]).toMatchObject({
      details: { intentSeq: "1", error: "sync: HTTP 400: another operation is already in progress", system: "argocd" },
    });
  });

  it("keeps an unreachable Argo CD a 502 upstream error, audited as a failure", async () => {
    const { d, written } = deps({
      argocd: {
        sync: async () => status("x"),
        refresh: async () => {
          throw new IntegrationError("argocd", null, "refresh failed: ECONNREFUSED");
        },
      },
    });
    await expect(
      runArgoAction(d, {
        principal: approver,
        audit: audit(approver),
        application: "core",
        environment: "prod",
        action: "refresh",
      }),
    ).rejects.toBeInstanceOf(IntegrationError);
    expect(written.at(-1)).toMatchObject({ action: "argocd.refresh", outcome: "failure" });
  });

  it("retries the outcome write and logs the full event when the database goes down mid-action", async () => {
    let attempts = 0;
    const { d, lost } = deps({
      write: async (e) => {
        if (e.outcome === "intent") return;
        attempts++;
        throw new Error("connection refused");
      },
    });
    const r = await runArgoAction(d, {
      principal: approver,
      audit: audit(approver),
      application: "core",
      environment: "prod",
      action: "sync",
    });
    expect(attempts).toBe(3);
    expect(r.status.name).toBe("core-prod");
    expect(lost[0]).toMatchObject({ action: "argocd.sync", outcome: "success" });
  });
});
