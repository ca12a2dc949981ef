// The adapters against the sandbox world over HTTP (Argo CD, Kubernetes through client-node, EKS
// through the AWS SDK on moto, Grafana on the real Prometheus), and Sync/Refresh audited on
// real PostgreSQL (scripts/test/with-postgres.sh).
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { environmentScope, loadCatalog } from "@/lib/catalog";
import { keyMetricQueries } from "@/lib/domain/metric-queries";
import type { Principal } from "@/lib/domain/roles";
import { can } from "@/lib/domain/roles";
import { parseEnv } from "@/lib/env";
import { AppError, forbidden, IntegrationError } from "@/lib/http/errors";
import { buildIntegrations, type Integrations } from "@/lib/integrations";
import { createArgoCdClient } from "@/lib/integrations/argocd/client";
import { type ActionDeps, runArgoAction } from "@/lib/server/applications/actions";
import { followOperation, type OperationWatch, recordOutcomeOnce } from "@/lib/server/applications/operation-outcome";
import { recordAudit } from "@/lib/server/audit";
import { type AuditContext, createAuditedAction } from "@/lib/server/audit/audited-action";
import { startWorld, type World } from "@/sandbox/world";
import { actor, openDb } from "../audit/support";
import { cloneGitops, commitTag, waitFor } from "../sandbox/helpers";

let world: World;
let integrations: Integrations;
let clone: string;
const db = openDb(4);

beforeAll(async () => {
  world = await startWorld({
    services: ["moto", "prometheus"],
    prometheusScrapeSeconds: 1,
    timing: { pollMs: 200, autoSyncDelayMs: 200, syncDelayMs: 3_000, healthDelayMs: 800 },
  });
  // The AWS SDK reads credentials from its default chain (the environment), as in production.
  for (const k of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"]) process.env[k] = world.env[k];
  integrations = buildIntegrations(parseEnv({ ...world.env, UPSTREAM_TIMEOUT_MS: "3000" }));
  clone = cloneGitops(world.env.GITOPS_REPO_URL!);
});
afterAll(async () => {
  await world?.stop();
  await db.$disconnect();
  if (clone) rmSync(clone, { recursive: true, force: true });
});

describe("Argo CD adapter", () => {
  it("lists every application with sync, health, image tag and last deploy", async () => {
    const apps = await integrations.argocd.listApplications();
    expect(apps.map((a) => a.name).sort()).toContain("nura-core-prod");
    expect(apps).toHaveLength(9);
    const core = apps.find((a) => a.name === "nura-core-prod")!;
    expect(core).toMatchObject({
      application: "nura-core",
      environment: "prod",
      syncStatus: "Synced",
      health: "Healthy",
    });
    expect(core.imageTag).toMatch(/^\d+\.\d+\.\d+/);
    expect(core.lastDeploy?.revision).toMatch(/^[0-9a-f]{40}$/);
  });

  it("reads one application's resource tree with its pods", async () => {
    const nodes = await integrations.argocd.getResourceTree("nura-ui-staging");
    expect(nodes.some((n) => n.kind === "Deployment" && n.name === "nura-ui")).toBe(true);
    expect(nodes.filter((n) => n.kind === "Pod").every((n) => n.parentUids.length === 1)).toBe(true);
  });

  it("turns a bad token and an unknown application into IntegrationErrors with Argo CD's message", async () => {
    const bad = createArgoCdClient({ baseUrl: world.env.ARGOCD_URL!, token: "not.a.jwt", timeoutMs: 2000 });
    await expect(bad.listApplications()).rejects.toMatchObject({ system: "argocd", status: 401 });
    const err = await integrations.argocd.getApplication("nope").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IntegrationError);
    expect((err as IntegrationError).status).toBe(403);
    expect((err as Error).message).toContain("permission denied");
  });
});

describe("Kubernetes adapter", () => {
  it("reads workloads, pods and events per environment through its kubeconfig context", async () => {
    for (const env of ["dev", "staging", "prod"]) {
      const w = await integrations.kubernetes.listWorkloads(env, `nura-${env}`);
      expect(w.map((x) => x.application).sort()).toEqual(["nura-core", "nura-portal", "nura-ui"]);
      expect(w.every((x) => x.readyReplicas === x.desiredReplicas)).toBe(true);
    }
    const pods = await integrations.kubernetes.listPods("prod", "nura-prod", "nura-core");
    expect(pods.length).toBeGreaterThan(0);
    expect(pods.every((p) => p.application === "nura-core" && p.ready)).toBe(true);
    // A healthy environment has no warnings; the degraded release below shows the adapter returns them.
    expect(await integrations.kubernetes.listWarningEvents("prod", "nura-prod")).toEqual([]);
  });

  it("fails with an IntegrationError for an environment the kubeconfig does not know", async () => {
    await expect(integrations.kubernetes.listWorkloads("qa", "nura-qa")).rejects.toThrow(/no context "qa"/);
  });
});

describe("EKS adapter", () => {
  it("describes each environment's cluster and node groups on moto", async () => {
    const c = await integrations.eks.describeCluster("nura-prod", "eu-west-1");
    expect(c).toMatchObject({ name: "nura-prod", status: "ACTIVE", version: "1.33" });
    expect(c!.nodeGroups.map((n) => n.name)).toEqual(["application", "system"]);
    expect(c!.nodeGroups[0]).toMatchObject({ status: "ACTIVE", minSize: 2, maxSize: 10, desiredSize: 3 });
  });
  it("answers null for a cluster EKS does not know (its ResourceNotFoundException), not an error", async () => {
    await expect(integrations.eks.describeCluster("nope", "eu-west-1")).resolves.toBeNull();
  });
});

describe("Grafana adapter", () => {
  it("runs the key metric queries through /api/ds/query on the real Prometheus", async () => {
    const series = await waitFor(
      "request-rate samples",
      async () => {
        const s = await integrations.grafana.queryRange(
          keyMetricQueries({ env: ["dev", "staging", "prod"] }, ["env"], "1h"),
          { from: "now-5m", to: "now" },
          { intervalMs: 1000, maxDataPoints: 60 },
        );
        return (s.requestRate?.length ?? 0) === 3 ? s : undefined;
      },
      60_000,
      1000,
    );
    expect(series.requestRate!.map((x) => x.labels.env).sort()).toEqual(["dev", "prod", "staging"]);
    expect(series.requestRate![0]!.points.some(([, v]) => v !== null && v > 0)).toBe(true);
  });
  it("reports a bad query as an IntegrationError naming the problem", async () => {
    await expect(
      integrations.grafana.queryRange([{ refId: "A", expr: "sum(" }], { from: "now-5m", to: "now" }),
    ).rejects.toThrow(/query A/);
  });
});

describe("Sync and Refresh", () => {
  const approver: Principal = {
    id: "00000000-0000-4000-8000-000000000001",
    email: "ana@nura.example",
    name: "Ana",
    grants: [{ role: "approver", environment: null }],
  };
  const developer: Principal = {
    ...approver,
    id: "00000000-0000-4000-8000-000000000002",
    grants: [{ role: "developer", environment: null }],
  };
  const watches: OperationWatch[] = [];
  /** One hop of the job's watch, run here rather than by the queue (tests/jobs covers the queue). */
  const follow = (w: OperationWatch) =>
    followOperation(
      {
        argocd: integrations.argocd,
        recordOnce: (e) => recordOutcomeOnce(db, e),
        enqueueHop: async () => {
          throw new Error("the operation should end within one hop");
        },
        tickMs: 200,
        hopMs: 30_000,
        maxHops: 1,
      },
      w,
      0,
      new AbortController().signal,
    );
  const deps = (): ActionDeps => ({
    argocd: integrations.argocd,
    catalog: async () => loadCatalog(world.env.CATALOG_PATH!),
    authorize: (p, action, env) => {
      if (!can(p, action, environmentScope(loadCatalog(world.env.CATALOG_PATH!), env))) {
        throw forbidden(`Your role may not ${action} in ${env}`);
      }
    },
    auditedAction: createAuditedAction({
      write: (event) => db.$transaction((tx) => recordAudit(tx, event)),
      logLost: () => {
        throw new Error("audit event lost");
      },
    }),
    countEvent: () => {},
    watchOperation: async (w) => void watches.push(w),
  });
  const events = (correlationId: string) =>
    db.auditEvent.findMany({
      where: { correlationId },
      select: { action: true, outcome: true, application: true, environment: true },
      orderBy: { seq: "asc" },
    });
  const ctx = (p: Principal, role: string, correlationId: string): AuditContext => ({
    principal: p,
    actor: actor(p.email, role),
    correlationId,
  });

  it("starts a sync, records it as started, refuses a second one while it runs (409, audited), then records the real outcome", async () => {
    const first = await runArgoAction(deps(), {
      principal: approver,
      audit: ctx(approver, "approver", "it-sync-1"),
      application: "nura-core",
      environment: "staging",
      action: "sync",
    });
    // Argo CD answers with the request in .operation and no operationState until its controller starts it.
    expect(first.status.operation).toBeNull();
    expect(first.status.requestedOperation?.revision).toMatch(/^[0-9a-f]{40}$/);
    expect(first.outcome).toBe("started");
    expect(await events("it-sync-1")).toEqual([
      { action: "argocd.sync", outcome: "intent", application: "nura-core", environment: "staging" },
      { action: "argocd.sync_started", outcome: "success", application: "nura-core", environment: "staging" },
    ]);
    const watch = watches.find((w) => w.intentSeq === first.auditIntentSeq)!;
    expect(watch.operationStartedAt).toBeNull(); // not started yet: the watch matches it by requestedAt

    const second = await runArgoAction(deps(), {
      principal: approver,
      audit: ctx(approver, "approver", "it-sync-2"),
      application: "nura-core",
      environment: "staging",
      action: "sync",
    }).catch((e: unknown) => e);
    expect(second).toBeInstanceOf(AppError);
    expect((second as AppError).status).toBe(409);
    expect((second as Error).message).toContain("another operation is already in progress");
    expect(await events("it-sync-2")).toEqual([
      { action: "argocd.sync", outcome: "intent", application: "nura-core", environment: "staging" },
      { action: "argocd.sync", outcome: "failure", application: "nura-core", environment: "staging" },
    ]);

    // The job's watch follows the operation to its end and closes the intent, once (a retried hop writes nothing).
    expect(await follow(watch)).toBe("recorded");
    expect(await follow(watch)).toBe("recorded");
    const closed = await db.auditEvent.findMany({
      where: { correlationId: "it-sync-1", action: "argocd.sync", outcome: { in: ["success", "failure"] } },
      select: { outcome: true, details: true, actorEmail: true },
    });
    expect(closed).toHaveLength(1);
    expect(closed[0]).toMatchObject({
      outcome: "success",
      actorEmail: "ana@nura.example",
      details: { intentSeq: first.auditIntentSeq, phase: "Succeeded" },
    });
  });

  it("rolls back to a history entry and records the rollback's real outcome; terminates a running one", async () => {
    const before = await integrations.argocd.getApplication("nura-core-staging");
    const entry = before.history.at(-1)!;
    const r = await runArgoAction(deps(), {
      principal: approver,
      audit: ctx(approver, "approver", "it-rollback-1"),
      application: "nura-core",
      environment: "staging",
      action: "rollback",
      id: entry.id,
    });
    expect(r.outcome).toBe("started");
    expect(await follow(watches.find((w) => w.intentSeq === r.auditIntentSeq)!)).toBe("recorded");
    expect((await events("it-rollback-1")).map((e) => [e.action, e.outcome])).toEqual([
      ["argocd.rollback", "intent"],
      ["argocd.rollback_started", "success"],
      ["argocd.rollback", "success"],
    ]);

    const s = await runArgoAction(deps(), {
      principal: approver,
      audit: ctx(approver, "approver", "it-terminate-1"),
      application: "nura-core",
      environment: "staging",
      action: "sync",
    });
    // Argo CD terminates only an operation its controller has started.
    await waitFor(
      "the sync to run",
      async () => (await integrations.argocd.getApplication("nura-core-staging")).operation?.phase === "Running",
    );
    await runArgoAction(deps(), {
      principal: approver,
      audit: ctx(approver, "approver", "it-terminate-1"),
      application: "nura-core",
      environment: "staging",
      action: "terminate",
    });
    expect(await follow(watches.find((w) => w.intentSeq === s.auditIntentSeq)!)).toBe("recorded");
    expect((await events("it-terminate-1")).map((e) => [e.action, e.outcome])).toEqual([
      ["argocd.sync", "intent"],
      ["argocd.sync_started", "success"],
      ["argocd.terminate", "intent"],
      ["argocd.terminate", "success"],
      ["argocd.sync", "failure"],
    ]);
  });

  it("reads managed resources, a pod's events and its log through Argo CD's API", async () => {
    const managed = await integrations.argocd.managedResources("nura-core-staging");
    expect(managed.map((m) => m.kind)).toContain("Deployment");
    const dep = managed.find((m) => m.kind === "Deployment")!;
    expect(JSON.parse(dep.targetState!).spec.template.spec.containers[0].image).toMatch(/:/);
    // A running pod (one still being created after the rollback above has no log yet).
    const running = (t: Awaited<ReturnType<typeof integrations.argocd.getResourceTree>>) =>
      t.find((n) => n.kind === "Pod" && n.info.some((i) => i.name === "Status Reason" && i.value === "Running"));
    const tree = await waitFor("a running pod", async () => {
      const t = await integrations.argocd.getResourceTree("nura-core-staging");
      return running(t) ? t : undefined;
    });
    const pod = running(tree)!;
    const log = await integrations.argocd.podLogs("nura-core-staging", {
      podName: pod.name,
      namespace: pod.namespace!,
      tailLines: 5,
    });
    expect(log.length).toBeGreaterThan(0);
    expect(log.length).toBeLessThanOrEqual(5);
    expect(log[0]!.podName).toBe(pod.name);
    const events = await integrations.argocd.resourceEvents("nura-core-staging", {
      resourceName: "nura-core",
      resourceNamespace: pod.namespace!,
      resourceUID: tree.find((n) => n.kind === "Deployment")!.uid,
    });
    expect(events.every((e) => e.objectKind === "Deployment" && e.objectName === "nura-core")).toBe(true);
    await expect(
      integrations.argocd.podLogs("nura-core-staging", { podName: "nope", namespace: pod.namespace!, tailLines: 5 }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it("refuses a developer's sync in prod before calling Argo CD (audited as denied), and lets them refresh", async () => {
    const err = await runArgoAction(deps(), {
      principal: developer,
      audit: ctx(developer, "developer", "it-sync-3"),
      application: "nura-ui",
      environment: "prod",
      action: "sync",
    }).catch((e: unknown) => e);
    expect((err as AppError).status).toBe(403);
    expect(await events("it-sync-3")).toEqual([
      { action: "argocd.sync", outcome: "denied", application: "nura-ui", environment: "prod" },
    ]);
    const r = await runArgoAction(deps(), {
      principal: developer,
      audit: ctx(developer, "developer", "it-refresh-1"),
      application: "nura-ui",
      environment: "prod",
      action: "refresh",
    });
    expect(r.action).toBe("refresh");
    expect(await events("it-refresh-1")).toEqual([
      { action: "argocd.refresh", outcome: "intent", application: "nura-ui", environment: "prod" },
      { action: "argocd.refresh", outcome: "success", application: "nura-ui", environment: "prod" },
    ]);
  });
});

describe("a degraded release reaches the adapters", () => {
  it("shows Degraded in Argo CD and crash-looping pods with restarts in Kubernetes", async () => {
    commitTag(clone, "helm/nura-ui/values-dev.yaml", "9.9.9-bad");
    const app = await waitFor(
      "nura-ui-dev Degraded",
      async () => {
        const a = await integrations.argocd.getApplication("nura-ui-dev");
        return a.health === "Degraded" ? a : undefined;
      },
      60_000,
    );
    expect(app.imageTag).toBe("9.9.9-bad");
    const w = (await integrations.kubernetes.listWorkloads("dev", "nura-dev")).find(
      (x) => x.application === "nura-ui",
    )!;
    // The Deployment reports the failed rollout (progress deadline exceeded), restarts and the bad image; the
    // previous ReplicaSet keeps serving (maxUnavailable 0), so readiness alone would not show it.
    expect(w.problem).toMatch(/has timed out progressing/); // Kubernetes' ProgressDeadlineExceeded message
    expect(w.restartsLastHour).toBeGreaterThan(0);
    expect(w.images.some((i) => i.endsWith(":9.9.9-bad"))).toBe(true);
    const pods = await integrations.kubernetes.listPods("dev", "nura-dev", "nura-ui");
    const crashing = pods.filter((p) => p.reason === "CrashLoopBackOff");
    expect(crashing.length).toBeGreaterThan(0);
    for (const p of crashing) {
      expect(p.ready, `${p.name} ready`).toBe(false);
      expect(p.restarts, `${p.name} restarts`).toBeGreaterThan(0);
      expect(p.images).toEqual([expect.stringMatching(/:9\.9\.9-bad$/)]);
    }
    const warnings = await integrations.kubernetes.listWarningEvents("dev", "nura-dev");
    expect(warnings).toEqual(
      expect.arrayContaining([expect.objectContaining({ type: "Warning", reason: "BackOff", objectKind: "Pod" })]),
    );
  });
});
