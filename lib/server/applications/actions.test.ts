import { describe, expect, it } from "vitest";
import { environmentScope } from "@/lib/catalog";
import { can, type Principal } from "@/lib/domain/roles";
import { AppError, forbidden, IntegrationError } from "@/lib/http/errors";
import type { AppStatus } from "@/lib/integrations/argocd/api";
import { type AuditContext, createAuditedAction } from "@/lib/server/audit/audited-action";
import type { AuditEventInput } from "@/lib/server/audit/record";
import { appStatus } from "@/tests/support/argocd-fixture";
import { devProdCatalog as catalog } from "@/tests/support/catalog-fixture";
import { type ActionDeps, runArgoAction } from "./actions";
import type { OperationWatch } from "./operation-outcome";

const status = (name: string): AppStatus => appStatus({ name });

const developer: Principal = { id: "u1", email: "d@x", name: "D", grants: [{ role: "developer", environment: null }] };
const approver: Principal = { id: "u2", email: "a@x", name: "A", grants: [{ role: "approver", environment: null }] };
const audit = (p: Principal): AuditContext => ({
  principal: p,
  actor: { id: p.id, email: p.email, role: p.grants[0]!.role, ip: null, userAgent: null },
  correlationId: "req-1",
});

/** Someone acting on core in an environment (prod unless named): a test adds the action and what it is about. */
const actingOnCore = (p: Principal, environment = "prod") => ({
  principal: p,
  audit: audit(p),
  application: "core",
  environment,
});
const approverInProd = actingOnCore(approver);

const running = (name: string): AppStatus => ({
  ...status(name),
  operation: {
    phase: "Running",
    message: "one or more tasks are running",
    startedAt: "2026-12-01T13:00:00Z",
    finishedAt: null,
    revision: "abc",
    initiatedBy: { kind: "user", username: "portal" },
    resourcesTotal: 0,
    resourcesDone: 0,
  },
});

type ArgoFake = Partial<ActionDeps["argocd"]>;

function deps(over: { argocd?: ArgoFake; write?: (e: AuditEventInput) => Promise<void> } = {}) {
  const written: AuditEventInput[] = [];
  const watches: OperationWatch[] = [];
  const lost: AuditEventInput[] = [];
  // One log of audit writes and Argo CD calls, in the order they happened.
  const calls: string[] = [];
  let seq = 0n;
  const d: ActionDeps = {
    argocd: {
      sync: async (n, req) => {
        calls.push(`sync ${n}${req?.resources ? ` ${req.resources.map((r) => r.name).join(",")}` : ""}`);
        return running(n);
      },
      refresh: async (n) => {
        calls.push(`refresh ${n}`);
        return status(n);
      },
      rollback: async (n, req) => {
        calls.push(`rollback ${n} #${req.id}`);
        return running(n);
      },
      terminateOperation: async (n) => {
        calls.push(`terminate ${n}`);
      },
      getApplication: async (n) => status(n),
      managedResources: async (n) => {
        calls.push(`managed ${n}`);
        return [
          {
            group: "apps",
            kind: "Deployment",
            namespace: "nura-prod",
            name: "core",
            targetState: "{}",
            liveState: "{}",
            modified: false,
            hook: false,
          },
        ];
      },
      ...over.argocd,
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
    watchOperation: async (w) => {
      calls.push(`watch ${w.intentSeq}`);
      watches.push(w);
    },
  };
  return { d, written, lost, calls, watches };
}

describe("runArgoAction", () => {
  it("records the intent, calls Argo CD, records that it started, then hands the outcome to the watch", async () => {
    const { d, written, calls, watches } = deps();
    const r = await runArgoAction(d, {
      ...approverInProd,
      action: "sync",
    });
    expect(calls).toEqual(["audit intent", "sync core-prod", "audit success", "watch 1"]);
    expect(r.auditIntentSeq).toBe("1");
    expect(r.outcome).toBe("started");
    expect(written.map((e) => [e.action, e.outcome])).toEqual([
      ["argocd.sync", "intent"],
      ["argocd.sync_started", "success"],
    ]);
    expect(watches[0]).toMatchObject({
      action: "argocd.sync",
      argoApp: "core-prod",
      intentSeq: "1",
      operationStartedAt: "2026-12-01T13:00:00Z",
      correlationId: "req-1",
      actor: { id: "u2", email: "a@x" },
    });
    expect(written[1]).toMatchObject({
      action: "argocd.sync_started",
      environment: "prod",
      application: "core",
      correlationId: "req-1",
      target: { type: "application", id: "core/prod" },
      details: { intentSeq: "1", argocdApplication: "core-prod", prune: false, dryRun: false, phase: "Running" },
    });
  });

  it("refuses the action, without calling Argo CD, when the intent cannot be written", async () => {
    const { d, calls, lost } = deps({
      write: async () => {
        throw new Error("connection refused");
      },
    });
    const err = await runArgoAction(d, {
      ...approverInProd,
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
      ...actingOnCore(developer),
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
        ...actingOnCore(developer, "dev"),
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
      ...approverInProd,
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
        ...approverInProd,
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
      ...approverInProd,
      action: "sync",
    });
    expect(attempts).toBe(3);
    expect(r.status.name).toBe("core-prod");
    expect(lost[0]).toMatchObject({ action: "argocd.sync_started", outcome: "success" });
  });

  it("syncs only the selected managed resources, with dry run and prune recorded on every event", async () => {
    const { d, written, calls } = deps();
    await runArgoAction(d, {
      ...approverInProd,
      action: "sync",
      dryRun: true,
      prune: true,
      resources: [{ group: "apps", kind: "Deployment", namespace: "nura-prod", name: "core" }],
    });
    expect(calls).toEqual(["managed core-prod", "audit intent", "sync core-prod core", "audit success", "watch 1"]);
    for (const e of written) {
      expect(e.details).toMatchObject({ prune: true, dryRun: true, resources: ["apps/Deployment/nura-prod/core"] });
    }
  });

  it("refuses a selected resource the application does not manage with a 400 naming it, recording nothing", async () => {
    const { d, written, calls } = deps();
    const err = await runArgoAction(d, {
      ...approverInProd,
      action: "sync",
      resources: [{ group: "", kind: "Secret", namespace: "nura-prod", name: "db" }],
    }).catch((e: unknown) => e);
    expect((err as AppError).status).toBe(400);
    expect((err as Error).message).toBe("resources not managed by core-prod: /Secret/nura-prod/db");
    expect(written).toEqual([]);
    expect(calls).toEqual(["managed core-prod"]);
  });

  it("refuses and audits a role that may not sync before it reads the resources it names", async () => {
    const { d, written, calls } = deps();
    const err = await runArgoAction(d, {
      ...actingOnCore(developer),
      action: "sync",
      resources: [{ group: "", kind: "Secret", namespace: "nura-prod", name: "db" }],
    }).catch((e: unknown) => e);
    expect((err as AppError).status).toBe(403);
    expect(calls).toEqual(["audit denied"]);
    expect(written[0]).toMatchObject({ action: "argocd.sync", outcome: "denied" });
  });

  it("rolls back to a history entry with the roles of Sync: intent, started, then the watch", async () => {
    const { d, written, calls, watches } = deps();
    const r = await runArgoAction(d, {
      ...approverInProd,
      action: "rollback",
      id: 3,
    });
    expect(r.outcome).toBe("started");
    expect(calls).toEqual(["audit intent", "rollback core-prod #3", "audit success", "watch 1"]);
    expect(written.map((e) => [e.action, e.outcome])).toEqual([
      ["argocd.rollback", "intent"],
      ["argocd.rollback_started", "success"],
    ]);
    expect(written[0]!.details).toMatchObject({ historyId: 3, prune: false, dryRun: false });
    expect(watches[0]!.action).toBe("argocd.rollback");

    const denied = deps();
    const err = await runArgoAction(denied.d, {
      ...actingOnCore(developer),
      action: "rollback",
      id: 3,
    }).catch((e: unknown) => e);
    expect((err as AppError).status).toBe(403);
    expect(denied.calls).toEqual(["audit denied"]);
    expect(denied.written[0]).toMatchObject({ action: "argocd.rollback", outcome: "denied" });
  });

  it("terminates the running operation: intent, then success once Argo CD took it, no watch of its own", async () => {
    const { d, written, calls, watches } = deps();
    const r = await runArgoAction(d, {
      ...approverInProd,
      action: "terminate",
    });
    expect(r.outcome).toBe("done");
    expect(calls).toEqual(["audit intent", "terminate core-prod", "audit success"]);
    expect(written.map((e) => [e.action, e.outcome])).toEqual([
      ["argocd.terminate", "intent"],
      ["argocd.terminate", "success"],
    ]);
    expect(watches).toEqual([]);
  });

  it("maps Argo CD's refusal of a rollback (unknown history id) to a 409 with its words", async () => {
    const { d, written } = deps({
      argocd: {
        rollback: async () => {
          throw new IntegrationError(
            "argocd",
            400,
            "rollback: HTTP 400: application core-prod does not have deployment with id 99",
          );
        },
      },
    });
    const err = await runArgoAction(d, {
      ...approverInProd,
      action: "rollback",
      id: 99,
    }).catch((e: unknown) => e);
    expect((err as AppError).status).toBe(409);
    expect((err as Error).message).toBe("Argo CD refused: application core-prod does not have deployment with id 99");
    expect(written.map((e) => [e.action, e.outcome])).toEqual([
      ["argocd.rollback", "intent"],
      ["argocd.rollback", "failure"],
    ]);
  });
});
