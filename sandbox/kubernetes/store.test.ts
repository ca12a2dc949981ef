import { describe, expect, it } from "vitest";
import { ClusterStore } from "./store";

type Obj = Record<string, unknown>;
const pod = (name: string, phase: string): Obj => ({
  kind: "Pod",
  metadata: { name, namespace: "ns" },
  status: { phase },
});

function fixture(opts: { historyLimit?: number } = {}) {
  const world: Record<string, Obj[]> = { pods: [pod("a", "Running"), pod("b", "Pending")], namespaces: [] };
  const store = new ClusterStore<"pods" | "namespaces">((k) => world[k]!, ["pods", "namespaces"], {
    startRevision: 100,
    ...opts,
  });
  return { world, store };
}
const rvOf = (o: Obj) => Number((o.metadata as Obj).resourceVersion);

describe("ClusterStore", () => {
  it("gives every object its own revision and lists at a revision not older than any item", () => {
    const { store } = fixture();
    const items = store.sync("pods");
    expect(items.map(rvOf)).toEqual([100, 101]);
    expect(Number(store.resourceVersion)).toBeGreaterThanOrEqual(Math.max(...items.map(rvOf)));
  });

  it("keeps a revision while the object is unchanged and records later changes as events", () => {
    const { world, store } = fixture();
    const listed = Number(store.resourceVersion);
    expect(store.sync("pods").map(rvOf)).toEqual(store.sync("pods").map(rvOf));
    world.pods = [pod("a", "Running"), pod("b", "Running"), pod("c", "Pending")];
    store.sync("pods");
    world.pods = [pod("b", "Running"), pod("c", "Pending")];
    const events = store.eventsSince("pods", listed);
    expect(events).not.toBe("expired");
    const got = (events as { type: string; object: Obj }[]).map((e) => [e.type, (e.object.metadata as Obj).name]);
    expect(got).toEqual([
      ["MODIFIED", "b"],
      ["ADDED", "c"],
    ]);
    store.sync("pods");
    const deleted = store.eventsSince("pods", listed + 2);
    expect((deleted as { type: string }[]).map((e) => e.type)).toEqual(["DELETED"]);
  });

  it("answers expired for a revision before its start or one compacted away", () => {
    const { world, store } = fixture({ historyLimit: 2 });
    expect(store.eventsSince("pods", 1)).toBe("expired");
    const listed = Number(store.resourceVersion);
    for (const phase of ["Failed", "Succeeded", "Unknown"]) {
      world.pods = [pod("a", phase)];
      store.sync("pods");
    }
    expect(store.eventsSince("pods", listed)).toBe("expired");
    expect(store.eventsSince("pods", store.oldestResumable)).not.toBe("expired");
  });
});
