// The resource panel for every node of the tree, against the sandbox's Argo CD: a ReplicaSet or a
// Pod (not managed from git, so absent from managed-resources) still shows its live manifest,
// read through Argo CD's GET …/resource as its UI does.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCatalog } from "@/lib/catalog";
import type { ArgoCdApi } from "@/lib/integrations/argocd/api";
import { createArgoCdClient } from "@/lib/integrations/argocd/client";
import { getResourceView } from "@/lib/server/applications/resource-view";
import { startWorld, type World } from "@/sandbox/world";
import { REPO_ROOT } from "../integrations/git-support";

let world: World;
let argocd: ArgoCdApi;
const catalog = loadCatalog(`${REPO_ROOT}/config/catalog.yaml`);

beforeAll(async () => {
  world = await startWorld({ services: [] });
  argocd = createArgoCdClient({ baseUrl: world.env.ARGOCD_URL!, token: world.env.ARGOCD_TOKEN!, timeoutMs: 5_000 });
});
afterAll(async () => world?.stop());

describe("live manifests of unmanaged resources", () => {
  it("a Pod's and a ReplicaSet's live objects come from GET …/resource; an unknown one is Argo CD's 404", async () => {
    const tree = await argocd.getResourceTree("nura-core-staging");
    for (const kind of ["Pod", "ReplicaSet"]) {
      const node = tree.find((n) => n.kind === kind)!;
      expect(node.version).toBe("v1");
      const text = await argocd.liveResource("nura-core-staging", {
        group: node.group ?? "",
        kind,
        name: node.name,
        namespace: node.namespace ?? "",
        version: node.version!,
      });
      expect(JSON.parse(text!)).toMatchObject({ kind, metadata: { name: node.name, namespace: "nura-staging" } });
    }
    await expect(
      argocd.liveResource("nura-core-staging", {
        group: "",
        kind: "Pod",
        name: "nura-core-gone",
        namespace: "nura-staging",
        version: "v1",
      }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it("the panel of a Pod has no desired state but its live manifest", async () => {
    const pod = (await argocd.getResourceTree("nura-core-staging")).find((n) => n.kind === "Pod")!;
    const view = await getResourceView({ argocd, catalog: async () => catalog }, "nura-core", "staging", {
      group: "",
      kind: "Pod",
      name: pod.name,
      namespace: "nura-staging",
    });
    expect(view.managed).toBe(false);
    expect(view.desired).toBeNull();
    expect(view.live).toContain("kind: Pod");
    expect(view.live).toContain(`name: ${pod.name}`);
  });
});
