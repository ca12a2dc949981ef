import { describe, expect, it } from "vitest";
import type { AppInstance, Release } from "./model";
import { isBrokenTag } from "./model";
import { CRASH_RESTART_MS, workloadOf } from "./workload";

const release = (tag: string, replicas = 2): Release => ({
  tag,
  repository: "r/app",
  replicas,
  fingerprint: tag,
  revision: "sha",
});

function instance(health: AppInstance["health"]["status"], tag: string, previous?: Release): AppInstance {
  return {
    argoName: "app-dev",
    app: "app",
    env: "dev",
    namespace: "nura-dev",
    autoSync: true,
    valuesPath: "helm/app/values-dev.yaml",
    chartPath: "helm/app",
    imageTagPath: "image.tag",
    cluster: "nura-dev",
    policy: { targetRevision: "main", autoSync: true, autoPrune: true, syncOptions: [], historyLimit: 10 },
    createdAt: "2026-01-01T00:00:00Z",
    headRevision: "sha",
    desired: release(tag),
    live: release(tag),
    syncStatus: "Synced",
    health: { status: health, lastTransitionTime: "2026-01-01T00:00:00Z" },
    history: [
      {
        id: 0,
        revision: "a",
        tag: previous?.tag ?? "0.9.0",
        deployStartedAt: "2026-01-01T00:00:00Z",
        deployedAt: "2026-01-01T00:00:00Z",
        initiatedBy: {},
      },
    ],
    rollout: { startedAt: 1_000_000, previous },
    events: [],
    resourceVersion: 1,
    reconciledAt: "2026-01-01T00:00:00Z",
  };
}

describe("workloadOf", () => {
  it("Healthy: all current pods ready, old ReplicaSets scaled to 0", () => {
    const w = workloadOf(instance("Healthy", "1.0.0", release("0.9.0")), 2_000_000);
    expect(w.pods.filter((p) => p.ready)).toHaveLength(2);
    expect(w.pods.every((p) => p.image.endsWith(":1.0.0"))).toBe(true);
    expect(w.replicaSets.filter((r) => !r.current).every((r) => r.replicas === 0)).toBe(true);
  });
  it("Degraded: new pods crash-loop with restarts growing over time; previous pods keep serving", () => {
    const a = instance("Degraded", "1.0.1-bad", release("1.0.0"));
    const early = workloadOf(a, 1_000_000 + CRASH_RESTART_MS);
    const later = workloadOf(a, 1_000_000 + 5 * CRASH_RESTART_MS);
    const crashing = (w: typeof early) => w.pods.filter((p) => p.reason === "CrashLoopBackOff");
    expect(crashing(early)).toHaveLength(2);
    expect(crashing(later)[0]!.restarts).toBeGreaterThan(crashing(early)[0]!.restarts);
    expect(later.pods.filter((p) => p.ready && p.image.endsWith(":1.0.0"))).toHaveLength(2);
  });
  it("Progressing: new pods are being created", () => {
    const w = workloadOf(instance("Progressing", "1.0.1", release("1.0.0")), 1_000_500);
    expect(w.pods.filter((p) => p.reason === "ContainerCreating")).toHaveLength(2);
  });
});

describe("isBrokenTag", () => {
  it("treats any tag containing 'bad' as broken", () => {
    expect(isBrokenTag("1.4.3-bad")).toBe(true);
    expect(isBrokenTag("BAD-1")).toBe(true);
    expect(isBrokenTag("1.4.3")).toBe(false);
  });
});
