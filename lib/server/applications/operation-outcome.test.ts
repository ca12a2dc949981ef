import { describe, expect, it } from "vitest";
import type { AppStatus, OperationState } from "@/lib/integrations/argocd/api";
import type { AuditEventInput } from "@/lib/server/audit/record";
import { appStatus } from "@/tests/support/argocd-fixture";
import { type FollowDeps, followOperation, judgeOperation, type OperationWatch } from "./operation-outcome";

const STARTED = "2026-12-01T13:00:00Z";
const op = (over: Partial<OperationState>): OperationState => ({
  phase: "Running",
  message: "one or more tasks are running",
  startedAt: STARTED,
  finishedAt: null,
  revision: "abc",
  initiatedBy: { kind: "user", username: "portal" },
  resourcesTotal: 2,
  resourcesDone: 1,
  ...over,
});
const app = (operation: OperationState | null, history: AppStatus["history"] = []): AppStatus =>
  appStatus({ operation, history });
const watch: OperationWatch = {
  action: "argocd.sync",
  argoApp: "core-prod",
  application: "core",
  environment: "prod",
  intentSeq: "41",
  operationStartedAt: STARTED,
  requestedAt: "2026-12-01T12:59:59Z",
  actor: { id: "u1", email: "d@x", role: "developer", ip: null, userAgent: null },
  correlationId: "req-9",
  details: { argocdApplication: "core-prod", prune: false },
};

describe("judgeOperation", () => {
  it("waits while our operation runs or terminates", () => {
    expect(judgeOperation(app(op({})), watch)).toEqual({ done: false });
    expect(judgeOperation(app(op({ phase: "Terminating" })), watch)).toEqual({ done: false });
  });

  it("succeeds or fails with Argo CD's phase, message and progress once it ends", () => {
    const ok = judgeOperation(
      app(
        op({
          phase: "Succeeded",
          message: "successfully synced",
          finishedAt: "2026-12-01T13:00:04Z",
          resourcesDone: 2,
        }),
      ),
      watch,
    );
    expect(ok).toMatchObject({
      done: true,
      outcome: "success",
      details: {
        phase: "Succeeded",
        message: "successfully synced",
        resourcesSynced: 2,
        resourcesTotal: 2,
        operationMs: 4000,
      },
    });
    const bad = judgeOperation(app(op({ phase: "Failed", message: "Operation terminated" })), watch);
    expect(bad).toMatchObject({
      done: true,
      outcome: "failure",
      details: { phase: "Failed", message: "Operation terminated" },
    });
    expect(judgeOperation(app(op({ phase: "Error" })), watch)).toMatchObject({ outcome: "failure" });
  });

  it("reads the history when a later operation replaced ours, and says so when ours is not there", () => {
    const later = op({ startedAt: "2026-12-01T13:05:00Z" });
    const deployed = judgeOperation(
      app(later, [
        {
          id: 7,
          revision: "abc",
          deployedAt: "2026-12-01T13:00:05Z",
          startedAt: STARTED,
          initiatedBy: { kind: "user", username: "portal" },
        },
      ]),
      watch,
    );
    expect(deployed).toMatchObject({ done: true, outcome: "success", details: { historyId: 7 } });
    expect(judgeOperation(app(later), watch)).toMatchObject({
      done: true,
      outcome: "failure",
      details: { phase: "Unknown" },
    });
    expect(judgeOperation(app(null), watch)).toMatchObject({ done: true, outcome: "failure" });
  });

  it("without a start time in Argo CD's answer, waits for the first operation started since the request", () => {
    const requested = { ...watch, operationStartedAt: null, requestedAt: "2026-12-01T13:10:00Z" };
    expect(judgeOperation(app(null), requested)).toEqual({ done: false });
    // A previous sync that ended a second before the request is not ours while ours is still queued.
    const queued = {
      ...app(op({ startedAt: "2026-12-01T13:09:58Z", phase: "Succeeded" })),
      requestedOperation: { revision: "abc", initiatedBy: { kind: "user" as const, username: "portal" } },
    };
    expect(judgeOperation(queued as AppStatus, requested)).toEqual({ done: false });
    // An older operation is not ours.
    expect(judgeOperation(app(op({ phase: "Succeeded" })), requested)).toEqual({ done: false });
    expect(judgeOperation(app(op({ startedAt: "2026-12-01T13:10:01Z" })), requested)).toEqual({ done: false });
    expect(judgeOperation(app(op({ startedAt: "2026-12-01T13:10:01Z", phase: "Succeeded" })), requested)).toMatchObject(
      { done: true, outcome: "success" },
    );
  });
});

describe("followOperation", () => {
  const run = (answers: AppStatus[], over: Partial<FollowDeps> = {}) => {
    const recorded: AuditEventInput[] = [];
    const hops: number[] = [];
    let i = 0;
    const deps: FollowDeps = {
      argocd: { getApplication: async () => answers[Math.min(i++, answers.length - 1)]! },
      recordOnce: async (e) => {
        recorded.push(e);
        return true;
      },
      enqueueHop: async (_w, hop) => void hops.push(hop),
      tickMs: 1,
      hopMs: 1000,
      maxHops: 3,
      ...over,
    };
    return { deps, recorded, hops };
  };

  it("polls until the operation ends and records the outcome as the person who started it, linked to the intent", async () => {
    const { deps, recorded } = run([app(op({})), app(op({})), app(op({ phase: "Succeeded", message: "done" }))]);
    expect(await followOperation(deps, watch, 0, new AbortController().signal)).toBe("recorded");
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({
      action: "argocd.sync",
      outcome: "success",
      actor: { id: "u1", email: "d@x" },
      correlationId: "req-9",
      target: { type: "application", id: "core/prod" },
      details: { intentSeq: "41", argocdApplication: "core-prod", phase: "Succeeded" },
    });
  });

  it("hands over to the next hop when its time is up, and gives up (recorded) after the last hop", async () => {
    const a = run([app(op({}))], { hopMs: 5 });
    expect(await followOperation(a.deps, watch, 0, new AbortController().signal)).toBe("handed-over");
    expect(a.hops).toEqual([1]);
    expect(a.recorded).toEqual([]);
    const b = run([app(op({}))], { hopMs: 5 });
    expect(await followOperation(b.deps, watch, 2, new AbortController().signal)).toBe("recorded");
    expect(b.recorded[0]).toMatchObject({ outcome: "failure", details: { phase: "Running" } });
  });

  it("fails the hop (so the queue retries it) when the worker stops, and when Argo CD is unreachable", async () => {
    const c = new AbortController();
    c.abort();
    const a = run([app(op({}))]);
    await expect(followOperation(a.deps, watch, 0, c.signal)).rejects.toThrow(/interrupted/);
    const b = run([], {
      argocd: {
        getApplication: async () => {
          throw new Error("ECONNREFUSED");
        },
      },
    });
    await expect(followOperation(b.deps, watch, 0, new AbortController().signal)).rejects.toThrow("ECONNREFUSED");
    expect(b.recorded).toEqual([]);
  });
});
