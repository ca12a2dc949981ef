import { describe, expect, it } from "vitest";
import { can, type Principal } from "@/lib/domain/roles";
import { AppError, forbidden, IntegrationError } from "@/lib/http/errors";
import type { AppStatus } from "@/lib/integrations/argocd/api";
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
const actor = { id: "u2", email: "a@x", role: "approver", ip: null, userAgent: null };

function deps(over: Partial<ActionDeps> = {}) {
  const written: AuditEventInput[] = [];
  const lost: AuditEventInput[] = [];
  const calls: string[] = [];
  const d: ActionDeps = {
    argocd: {
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
      if (!can(p, a, e)) throw forbidden(`Your role may not ${a} in ${e}`);
    },
    writeAudit: async (e) => void written.push(e),
    logLostAudit: (e) => void lost.push(e),
    countEvent: () => {},
    retryDelaysMs: [1, 1],
    ...over,
  };
  return { d, written, lost, calls };
}

describe("runArgoAction", () => {
  it("syncs the catalog's Argo CD application and audits the success", async () => {
    const { d, written, calls } = deps();
    const r = await runArgoAction(d, {
      principal: approver,
      actor,
      application: "core",
      environment: "prod",
      action: "sync",
    });
    expect(calls).toEqual(["sync core-prod"]);
    expect(r.auditRecorded).toBe(true);
    expect(written).toHaveLength(1);
    expect(written[0]).toMatchObject({
      action: "argocd.sync",
      outcome: "success",
      environment: "prod",
      application: "core",
      target: { type: "application", id: "core/prod" },
    });
  });

  it("refuses a role not allowed in the environment before calling Argo CD", async () => {
    const { d, written, calls } = deps();
    const err = await runArgoAction(d, {
      principal: developer,
      actor,
      application: "core",
      environment: "prod",
      action: "sync",
    }).catch((e: unknown) => e);
    expect((err as AppError).status).toBe(403);
    expect(calls).toEqual([]);
    expect(written).toEqual([]);
    await expect(
      runArgoAction(d, { principal: developer, actor, application: "core", environment: "dev", action: "sync" }),
    ).resolves.toBeTruthy();
  });

  it("answers 404 for an application or environment not in the catalog", async () => {
    const { d } = deps();
    await expect(
      runArgoAction(d, { principal: approver, actor, application: "nope", environment: "prod", action: "sync" }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(
      runArgoAction(d, { principal: approver, actor, application: "core", environment: "qa", action: "refresh" }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it("maps Argo CD's refusal to a 409 naming it, and audits the failure", async () => {
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
      actor,
      application: "core",
      environment: "prod",
      action: "sync",
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).status).toBe(409);
    expect((err as Error).message).toBe("Argo CD refused: another operation is already in progress");
    expect(written[0]).toMatchObject({
      outcome: "failure",
      details: { error: "sync: HTTP 400: another operation is already in progress" },
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
      runArgoAction(d, { principal: approver, actor, application: "core", environment: "prod", action: "refresh" }),
    ).rejects.toBeInstanceOf(IntegrationError);
    expect(written[0]).toMatchObject({ action: "argocd.refresh", outcome: "failure" });
  });

  it("retries the audit write and logs the full event when the database stays down", async () => {
    let attempts = 0;
    const { d, lost } = deps({
      writeAudit: async () => {
        attempts++;
        throw new Error("connection refused");
      },
    });
    const r = await runArgoAction(d, {
      principal: approver,
      actor,
      application: "core",
      environment: "prod",
      action: "sync",
    });
    expect(attempts).toBe(3);
    expect(r.auditRecorded).toBe(false);
    expect(lost[0]).toMatchObject({ action: "argocd.sync", outcome: "success" });
  });
});
