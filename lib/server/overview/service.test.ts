import { describe, expect, it } from "vitest";
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

function fakes() {
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
          status: "ACTIVE" as const,
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
  it("fans out once, then serves the same assembled overview and ETag until a source changes", async () => {
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
});
