import { afterEach, describe, expect, it, vi } from "vitest";
import { parseCatalog } from "@/lib/catalog";
import { createOverviewService } from "./service";

const catalog = parseCatalog(`
environments:
  - { name: dev, displayName: Dev, namespace: nura-dev, eksCluster: nura-dev, awsRegion: eu-west-1, approvalsRequired: 0, autoSync: true, grafanaDashboardUid: d }
promotionPath: [dev]
applications:
  - name: core
    chartPath: helm/core
    valuesFiles: { dev: helm/core/values-dev.yaml }
    imageTagPath: image.tag
    argocdApps: { dev: core-dev }
`);

function fakes(clusterStatus: () => "ACTIVE" | "UPDATING" = () => "ACTIVE") {
  const calls: Record<string, number> = {};
  const count = <T>(k: string, result: T): T => {
    calls[k] = (calls[k] ?? 0) + 1;
    return result;
  };
  const integrations = {
    argocd: {
      listApplications: async () => count("argocd", []),
      getApplication: async () => {
        throw new Error("unused");
      },
      getResourceTree: async () => [],
      sync: async () => {
        throw new Error("unused");
      },
      refresh: async () => {
        throw new Error("unused");
      },
      rollback: async () => {
        throw new Error("unused");
      },
      terminateOperation: async () => {},
      managedResources: async () => [],
      liveResource: async () => null,
      resourceEvents: async () => [],
      podLogs: async () => [],
    },
    kubernetes: {
      listWorkloads: async () => count("kubernetes", []),
      listPods: async () => [],
      listWarningEvents: async () => [],
    },
    eks: {
      describeCluster: async (name: string, region: string) =>
        count("eks", {
          name,
          region,
          status: clusterStatus(),
          version: "1.33",
          platformVersion: null,
          createdAt: null,
          issues: [],
          nodeGroups: [],
        }),
    },
    grafana: { queryRange: async () => count("grafana", {}), dashboardUrl: () => "https://g/d/d" },
  };
  return { integrations, calls };
}

describe("createOverviewService", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("fans out once, then serves the same assembled overview and ETag; clear() forgets it", async () => {
    const { integrations, calls } = fakes();
    const svc = createOverviewService({
      integrations,
      catalog: async () => catalog,
      pendingPromotions: async () => [],
      commitUrl: () => null,
      pollIntervalMs: 60_000,
    });
    const [a, b] = await Promise.all([svc.get(), svc.get()]);
    expect(calls).toEqual({ argocd: 1, kubernetes: 1, eks: 1, grafana: 1 });
    expect(b).toBe(a);
    const j1 = await svc.getJson();
    const j2 = await svc.getJson();
    expect(j2).toBe(j1);
    expect(j1.etag).toMatch(/^"[\w-]+"$/);
    expect(JSON.parse(j1.json).environments[0].cluster.status).toBe("ACTIVE");

    svc.clear();
    const c = await svc.get();
    expect(c).not.toBe(a);
    expect(calls.argocd).toBe(2);
  });

  it("keeps the overview and ETag within the poll interval, and assembles a new one when a source changes", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-12-01T10:00:00Z"));
    let status: "ACTIVE" | "UPDATING" = "ACTIVE";
    const { integrations, calls } = fakes(() => status);
    const svc = createOverviewService({
      integrations,
      catalog: async () => catalog,
      pendingPromotions: async () => [],
      commitUrl: () => null,
      pollIntervalMs: 5_000,
    });
    const a = await svc.getJson();
    status = "UPDATING"; // the upstream changed, but the poll interval has not passed: nobody asks it yet

    vi.setSystemTime(new Date("2026-12-01T10:00:04Z"));
    expect(await svc.getJson()).toBe(a);
    expect(calls.eks).toBe(1);

    // Past the interval the read refreshes every source (stale-while-revalidate: this read still shows the
    // old value) and the next read assembles the changed overview with a new ETag.
    vi.setSystemTime(new Date("2026-12-01T10:00:06Z"));
    await svc.getJson();
    await new Promise((r) => setImmediate(r));
    expect(calls.eks).toBe(2);
    const b = await svc.getJson();
    expect(b.etag).not.toBe(a.etag);
    expect(JSON.parse(a.json).environments[0].cluster.status).toBe("ACTIVE");
    expect(JSON.parse(b.json).environments[0].cluster.status).toBe("UPDATING");
    expect(await svc.getJson()).toBe(b);
  });
});
