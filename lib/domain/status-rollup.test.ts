import { describe, expect, it } from "vitest";
import { appTone, clusterTone, nodegroupTone, sourcesTone, workloadTone, worstTone } from "./status-rollup";

describe("status rollups", () => {
  it("rates an application in an environment", () => {
    expect(appTone({ syncStatus: "Synced", health: "Healthy" })).toBe("ok");
    expect(appTone({ syncStatus: "OutOfSync", health: "Healthy" })).toBe("warn");
    expect(appTone({ syncStatus: "Synced", health: "Progressing" })).toBe("info");
    expect(appTone({ syncStatus: "Synced", health: "Healthy", operationPhase: "Running" })).toBe("info");
    expect(appTone({ syncStatus: "Synced", health: "Healthy", operationPhase: "Failed" })).toBe("bad");
    expect(appTone({ syncStatus: "OutOfSync", health: "Degraded" })).toBe("bad");
    expect(appTone({ syncStatus: "Unknown", health: "Unknown" })).toBe("neutral");
  });
  it("takes the worst tone", () => {
    expect(worstTone([])).toBe("neutral");
    expect(worstTone(["ok", "warn", "info"])).toBe("warn");
    expect(worstTone(["ok", "bad", "warn"])).toBe("bad");
  });
  it("rates clusters, node groups and workloads", () => {
    expect(clusterTone("ACTIVE")).toBe("ok");
    expect(clusterTone("UPDATING")).toBe("info");
    expect(clusterTone("FAILED")).toBe("bad");
    expect(nodegroupTone("DEGRADED")).toBe("bad");
    expect(nodegroupTone("CREATE_FAILED")).toBe("bad");
    expect(nodegroupTone("ACTIVE", 1)).toBe("warn");
    expect(nodegroupTone("ACTIVE")).toBe("ok");
    expect(workloadTone({ ready: 0, desired: 3, restartsLastHour: 0 })).toBe("bad");
    expect(workloadTone({ ready: 2, desired: 3, restartsLastHour: 0 })).toBe("warn");
    expect(workloadTone({ ready: 3, desired: 3, restartsLastHour: 2 })).toBe("warn");
    expect(workloadTone({ ready: 3, desired: 3, restartsLastHour: 0 })).toBe("ok");
  });
  it("is amber while a source is stale and red once one is missing", () => {
    expect(sourcesTone([{ id: "a", label: "A", state: "stale", since: null, error: null }])).toBe("warn");
    expect(sourcesTone([{ id: "a", label: "A", state: "missing", since: null, error: null }])).toBe("bad");
  });
});
