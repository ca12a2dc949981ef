import { describe, expect, it } from "vitest";
import type { AppStatus, OperationState } from "@/lib/integrations/argocd/api";
import { observation, syncAsked } from "./executor";

const SHA = "9649bc4a04e39f870101acbdba193f630c4346c2";
const OLD = "b034cf2d3c5170108b4f806fcab69cb51912b115";

const op = (revision: string, phase: OperationState["phase"]): OperationState => ({
  phase,
  message: "",
  startedAt: "2026-12-01T10:00:00Z",
  finishedAt: phase === "Running" ? null : "2026-12-01T10:00:05Z",
  revision,
  initiatedBy: { kind: "user", username: "proj:nura-system:portal" },
  resourcesTotal: 2,
  resourcesDone: 2,
});

const app = (over: Partial<AppStatus>): AppStatus =>
  ({
    name: "nura-core-prod",
    syncStatus: "Synced",
    health: "Healthy",
    healthMessage: null,
    revision: OLD,
    imageTag: "1.0.0",
    operation: null,
    requestedOperation: null,
    history: [],
    ...over,
  }) as AppStatus;

describe("syncAsked", () => {
  it("counts a sync Argo CD accepted but has not started yet (.operation set, operationState still empty)", () => {
    const requested = app({ requestedOperation: { revision: SHA, initiatedBy: { kind: "automated" } } });
    expect(syncAsked(requested, SHA)).toBe(true);
    expect(syncAsked(app({ operation: op(SHA, "Running") }), SHA)).toBe(true);
    expect(syncAsked(app({ operation: op(OLD, "Succeeded") }), SHA)).toBe(false);
    expect(syncAsked(app({}), SHA)).toBe(false);
  });
});

describe("observation", () => {
  it("stays pending in the gap: the previous Succeeded operation on Synced/Healthy is not this revision's", () => {
    expect(observation(app({ operation: op(OLD, "Succeeded") }), SHA).state).toBe("pending");
    const gap = app({ requestedOperation: { revision: SHA, initiatedBy: { kind: "automated" } } });
    expect(observation(gap, SHA).state).toBe("pending");
    expect(observation(app({ operation: op(SHA, "Succeeded") }), SHA).state).toBe("healthy");
  });
});
