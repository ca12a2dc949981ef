import { describe, expect, it } from "vitest";
import type { AppStatus } from "@/lib/integrations/argocd/api";
import { devProdCatalog as catalog } from "@/tests/support/catalog-fixture";
import { buildOverview, type OverviewInputs } from "./build";
import type { CacheRead } from "./swr-cache";

const ok = <T>(value: T): CacheRead<T> => ({
  value,
  state: "ok",
  since: null,
  error: null,
  fetchedAt: "2026-11-27T00:00:00Z",
});
const missing: CacheRead<never> = {
  value: null,
  state: "missing",
  since: "2026-11-27T00:01:00.000Z",
  error: "ECONNREFUSED",
  fetchedAt: null,
};

const app = (name: string, over: Partial<AppStatus> = {}): AppStatus => ({
  name,
  project: "nura",
  application: "core",
  environment: null,
  syncStatus: "Synced",
  revision: "0123456789abcdef",
  health: "Healthy",
  healthMessage: null,
  images: ["core:1.0.0"],
  imageTag: "1.0.0",
  autoSync: false,
  lastDeploy: {
    id: 1,
    revision: "0123456789abcdef",
    deployedAt: "2026-11-26T00:00:00Z",
    startedAt: null,
    initiatedBy: { kind: "user", username: "ana" },
  },
  operation: null,
  history: [],
  reconciledAt: null,
  ...over,
});

function inputs(over: Partial<OverviewInputs> = {}): OverviewInputs {
  return {
    catalog,
    argocd: ok([app("core-dev"), app("core-prod", { health: "Degraded", syncStatus: "OutOfSync" })]),
    workloads: {
      dev: ok([
        {
          name: "core",
          application: "core",
          desiredReplicas: 1,
          readyReplicas: 1,
          updatedReplicas: 1,
          availableReplicas: 1,
          restartsLastHour: 0,
          problem: null,
          images: [],
        },
      ]),
      prod: ok([
        {
          name: "core",
          application: "core",
          desiredReplicas: 3,
          readyReplicas: 1,
          updatedReplicas: 3,
          availableReplicas: 1,
          restartsLastHour: 7,
          problem: "stuck",
          images: [],
        },
      ]),
    },
    clusters: {
      dev: ok({
        name: "nura-dev",
        region: "eu-west-1",
        status: "ACTIVE",
        version: "1.33",
        platformVersion: null,
        createdAt: null,
        issues: [],
        nodeGroups: [],
      }),
      prod: missing,
    },
    metrics: ok({
      requestRate: [
        {
          labels: { env: "dev" },
          points: [
            [1, 2],
            [2, 3],
          ],
        },
        { labels: { env: "prod" }, points: [[1, 50]] },
      ],
    }),
    promotions: ok([{ application: "core", toEnvironment: "prod", count: 2 }]),
    pollIntervalMs: 5000,
    commitUrl: (sha) => `https://git.example/commit/${sha}`,
    dashboardUrl: (env, uid) => `https://grafana.example/d/${uid}?var-env=${env}`,
    now: new Date("2026-11-27T00:02:00Z"),
    ...over,
  };
}

describe("buildOverview", () => {
  it("fills each cell from Argo CD, Kubernetes and pending promotions", () => {
    const o = buildOverview(inputs());
    const prod = o.applications[0]!.cells.prod!;
    expect(prod).toMatchObject({
      argoApp: "core-prod",
      syncStatus: "OutOfSync",
      health: "Degraded",
      imageTag: "1.0.0",
      revisionUrl: "https://git.example/commit/0123456789abcdef",
      lastDeployBy: "ana",
      workload: { ready: 1, desired: 3, restartsLastHour: 7 },
      pendingPromotions: 2,
      tone: "bad",
      href: "/applications/core/prod",
    });
    expect(o.applications[0]!.cells.dev!.tone).toBe("ok");
  });

  it("marks a cell behind the previous environment and links the request page", () => {
    const o = buildOverview(
      inputs({ argocd: ok([app("core-dev", { imageTag: "1.1.0" }), app("core-prod", { imageTag: "1.0.0" })]) }),
    );
    const { dev, prod } = o.applications[0]!.cells;
    expect(prod).toMatchObject({
      behind: { fromEnvironment: "dev", toEnvironment: "prod", imageTag: "1.1.0" },
      promoteHref: "/promotions/new?app=core&to=prod",
      pendingHref: "/promotions?application=core&environment=prod&state=active",
    });
    expect(dev).toMatchObject({ behind: null, promoteHref: null });
    const same = buildOverview(inputs());
    expect(same.applications[0]!.cells.prod!.behind).toBeNull();
  });

  it("rolls up each environment and keeps per-environment sparklines", () => {
    const o = buildOverview(inputs());
    const [dev, prod] = o.environments;
    expect(dev).toMatchObject({ tone: "ok", apps: { total: 1, synced: 1, healthy: 1, degraded: 0 } });
    expect(dev!.metrics![0]).toMatchObject({
      id: "requestRate",
      latest: 3,
      points: [
        { t: 1, v: 2 },
        { t: 2, v: 3 },
      ],
    });
    expect(prod).toMatchObject({ tone: "bad", cluster: null, workloads: { ready: 1, desired: 3, notReady: ["core"] } });
    expect(prod!.metrics!.find((m) => m.id === "errorRatio")).toMatchObject({ latest: null, points: [] });
  });

  it("says a failed sync in words in the cell and on the environment card, though badges read Synced · Healthy", () => {
    const failed = app("core-prod", {
      operation: {
        phase: "Failed",
        message: "one or more objects failed to apply",
        startedAt: "2026-11-27T00:00:00Z",
        finishedAt: "2026-11-27T00:00:05Z",
        revision: "0123456789abcdef",
        initiatedBy: { kind: "user", username: "portal" },
        resourcesTotal: 3,
        resourcesDone: 1,
      },
    });
    const o = buildOverview(inputs({ argocd: ok([app("core-dev"), failed]) }));
    const cell = o.applications[0]!.cells.prod!;
    expect(cell).toMatchObject({ syncStatus: "Synced", health: "Healthy", tone: "bad" });
    expect(cell.operation).toMatchObject({ failed: true, text: "Sync failed: one or more objects failed to apply" });
    expect(o.environments[1]!.failedSyncs).toEqual([
      {
        application: "core",
        href: "/applications/core/prod",
        text: "Sync failed: one or more objects failed to apply",
        by: "portal",
      },
    ]);
    expect(o.environments[0]!.failedSyncs).toEqual([]);
  });

  it("tells a cluster EKS says does not exist (not created yet) from one it could not read", () => {
    const absent = buildOverview(inputs({ clusters: { dev: ok(null), prod: { ...ok(null), state: "stale" } } }));
    expect(absent.environments.map((e) => e.clusterAbsent)).toEqual([{ name: "nura-dev" }, { name: "nura-prod" }]);
    // EKS answered: the source is live, so the page does not report an outage.
    expect(absent.sources.find((s) => s.id === "eks:dev")!.state).toBe("ok");
    const unread = buildOverview(inputs());
    expect(unread.environments.map((e) => e.clusterAbsent)).toEqual([null, null]);
  });

  it("names each source's state, and shows unknown cells when Argo CD is missing", () => {
    const o = buildOverview(inputs({ argocd: missing }));
    expect(o.sources.find((s) => s.id === "argocd")).toEqual({
      id: "argocd",
      label: "Argo CD",
      state: "missing",
      since: "2026-11-27T00:01:00.000Z",
      error: "ECONNREFUSED",
    });
    expect(o.sources.find((s) => s.id === "eks:prod")!.state).toBe("missing");
    expect(o.applications[0]!.cells.dev).toMatchObject({
      syncStatus: null,
      tone: "neutral",
      workload: { ready: 1, desired: 1 },
    });
  });
  it("links an environment's drift badge to the drift check that found it; no badge when clean or unknown", () => {
    const o = buildOverview(
      inputs({
        drift: ok([
          { environment: "dev", state: "drift", runId: "1b6c2f0e-0000-4000-8000-000000000001" },
          { environment: "prod", state: "clean", runId: "1b6c2f0e-0000-4000-8000-000000000002" },
        ]),
      }),
    );
    expect(o.environments.map((e) => [e.name, e.drift])).toEqual([
      [
        "dev",
        {
          runId: "1b6c2f0e-0000-4000-8000-000000000001",
          href: "/infrastructure/runs/1b6c2f0e-0000-4000-8000-000000000001",
        },
      ],
      ["prod", null],
    ]);
    expect(buildOverview(inputs()).environments.every((e) => e.drift === null)).toBe(true);
  });

  it("credits the person behind a portal sync from the audit log, in the last deploy and the operation", () => {
    const byPortal = { kind: "user" as const, username: "portal" };
    const core = app("core-prod", {
      lastDeploy: {
        id: 2,
        revision: "0123456789abcdef",
        deployedAt: "2026-11-27T00:01:00Z",
        startedAt: "2026-11-27T00:00:30Z",
        initiatedBy: byPortal,
      },
      operation: {
        phase: "Failed",
        message: "boom",
        startedAt: "2026-11-27T00:00:30Z",
        finishedAt: "2026-11-27T00:01:00Z",
        revision: null,
        initiatedBy: byPortal,
        resourcesTotal: 1,
        resourcesDone: 0,
      },
    });
    const portalSyncs = ok({ "core/prod": [{ at: "2026-11-27T00:00:29Z", actor: "Diego Developer" }] });
    const o = buildOverview(inputs({ argocd: ok([app("core-dev"), core]), portalSyncs, portalAccount: "portal" }));
    const cell = o.applications[0]!.cells.prod!;
    expect(cell.lastDeployBy).toBe("Diego Developer (via portal)");
    expect(cell.operationBy).toBe("Diego Developer (via portal)");
    expect(o.environments[1]!.failedSyncs[0]!.by).toBe("Diego Developer (via portal)");
    // Another user and auto-sync are shown as Argo CD says; the dev cell has no audited sync of its own.
    expect(o.applications[0]!.cells.dev!.lastDeployBy).toBe("ana");
    expect(o.sources.find((s) => s.id === "audit")).toMatchObject({ label: "Audit log", state: "ok" });
    // Without a readable audit log, the portal's account shows as Argo CD reports it and the source says so.
    const blind = buildOverview(
      inputs({ argocd: ok([app("core-dev"), core]), portalSyncs: missing, portalAccount: "portal" }),
    );
    expect(blind.applications[0]!.cells.prod!.lastDeployBy).toBe("portal");
    expect(blind.sources.find((s) => s.id === "audit")!.state).toBe("missing");
  });
});
