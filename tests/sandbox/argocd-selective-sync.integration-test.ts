// The Argo CD emulator honours a sync's `resources` as Argo CD does: only the selected resources are
// applied, and a selective sync is not recorded in the application's history (argo-cd
// controller/sync.go persists history only when `len(syncOp.Resources) == 0`).
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorld, type World } from "@/sandbox/world";
import { cloneGitops, commitTag, waitFor } from "./helpers";

let world: World;
let clone: string;
// biome-ignore lint/suspicious/noExplicitAny: JSON read back from the emulator
type Json = any;

const headers = () => ({ authorization: `Bearer ${world.env.ARGOCD_TOKEN}`, "content-type": "application/json" });
async function app(name: string): Promise<Json> {
  return (
    await fetch(`${world.env.ARGOCD_URL}/api/v1/applications/${name}?refresh=normal`, { headers: headers() })
  ).json();
}
async function sync(name: string, body: Record<string, unknown>): Promise<Json> {
  const res = await fetch(`${world.env.ARGOCD_URL}/api/v1/applications/${name}/sync`, {
    method: "POST",
    headers: headers(),
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  return res.json();
}
const finished = (name: string, startedAfter: string) =>
  waitFor(`${name}'s sync to finish`, async () => {
    const a = await app(name);
    const op = a.status.operationState;
    return op && op.startedAt >= startedAfter && op.phase !== "Running" && a;
  });

const NAME = "nura-core-staging";
const SERVICE = { group: "", kind: "Service", name: "nura-core", namespace: "nura-staging" };
const DEPLOYMENT = { group: "apps", kind: "Deployment", name: "nura-core", namespace: "nura-staging" };
const now = () => new Date(Date.now() - 1_000).toISOString().replace(/\.\d{3}Z$/, "Z");

beforeAll(async () => {
  world = await startWorld({
    services: [],
    timing: { pollMs: 200, autoSyncDelayMs: 200, syncDelayMs: 300, healthDelayMs: 300, operationPickupMs: 100 },
  });
  clone = cloneGitops(world.env.GITOPS_REPO_URL!);
});
afterAll(async () => {
  await world?.stop();
  if (clone) rmSync(clone, { recursive: true, force: true });
});

describe("a sync of selected resources", () => {
  it("applies only those, records no history entry; a full sync then does", async () => {
    const before = await app(NAME);
    commitTag(clone, "helm/nura-core/values-staging.yaml", "5.5.5");
    await waitFor("OutOfSync", async () => (await app(NAME)).status.sync.status === "OutOfSync");

    // Only the Service: the Deployment keeps its image, the application stays OutOfSync.
    let t = now();
    await sync(NAME, { resources: [SERVICE] });
    let a = await finished(NAME, t);
    expect(a.status.operationState.phase).toBe("Succeeded");
    expect(a.status.operationState.operation.sync.resources).toEqual([SERVICE]);
    expect(a.status.operationState.syncResult.resources.map((r: Json) => r.kind)).toEqual(["Service"]);
    expect(a.status.summary.images.join(",")).not.toContain(":5.5.5");
    expect(a.status.sync.status).toBe("OutOfSync");
    expect(a.status.history).toHaveLength(before.status.history.length);

    // The Deployment too: the new image is live, still no history entry (a selective sync).
    t = now();
    await sync(NAME, { resources: [DEPLOYMENT] });
    a = await finished(NAME, t);
    expect(a.status.operationState.syncResult.resources.map((r: Json) => r.kind)).toEqual(["Deployment"]);
    expect(a.status.summary.images.join(",")).toContain(":5.5.5");
    expect(a.status.sync.status).toBe("Synced");
    expect(a.status.history).toHaveLength(before.status.history.length);

    // A full sync is recorded.
    t = now();
    await sync(NAME, {});
    a = await finished(NAME, t);
    expect(a.status.operationState.syncResult.resources).toHaveLength(2);
    expect(a.status.history.length).toBe(Math.min(before.status.history.length + 1, 10));
    expect(a.status.history.at(-1).revision).toBe(a.status.sync.revision);
  });
});
