import { describe, expect, it } from "vitest";
import {
  applyRefusal,
  approvalRefusal,
  DRIFT_TRIGGERS,
  driftCron,
  failureFromConsole,
  failureHint,
  isDriftCheck,
  isTerminal,
  type PlanRunFacts,
  parseSha256File,
  planUnusable,
} from "./infra-runs";

const sha = "a".repeat(64);
const plan = (over: Partial<PlanRunFacts> = {}): PlanRunFacts => ({
  id: "p1",
  environment: "dev",
  kind: "plan",
  status: "succeeded",
  hasChanges: true,
  planSha256: sha,
  requestedById: "u1",
  approvedById: null,
  finishedAt: new Date("2026-12-01T10:00:00Z"),
  ...over,
});
const ctx = (over: Partial<Parameters<typeof planUnusable>[1]> = {}) => ({
  now: new Date("2026-12-01T10:30:00Z"),
  ttlMinutes: 60,
  laterApply: null,
  ...over,
});

describe("planUnusable", () => {
  it("accepts a fresh, non-empty, succeeded plan", () => {
    expect(planUnusable(plan(), ctx())).toBeNull();
  });
  it("refuses a run that is not a plan, an unfinished one, and an empty one", () => {
    expect(planUnusable(plan({ kind: "apply" }), ctx())).toMatchObject({ code: "bad_request", message: /not a plan/ });
    expect(planUnusable(plan({ status: "running" }), ctx())).toMatchObject({
      code: "conflict",
      message: /status running/,
    });
    expect(planUnusable(plan({ hasChanges: false }), ctx())).toMatchObject({ code: "bad_request", message: /empty/ });
  });
  it("expires after the TTL and as soon as another apply ran", () => {
    expect(planUnusable(plan(), ctx({ now: new Date("2026-12-01T11:00:01Z") }))).toMatchObject({
      message: /expired at/,
    });
    expect(planUnusable(plan(), ctx({ now: new Date("2026-12-01T10:59:59Z") }))).toBeNull();
    expect(planUnusable(plan(), ctx({ laterApply: { id: "a9", planRunId: "p0", status: "succeeded" } }))).toMatchObject(
      { message: /expired: apply a9 ran/ },
    );
    expect(planUnusable(plan(), ctx({ laterApply: { id: "a1", planRunId: "p1", status: "running" } }))).toMatchObject({
      message: /already applied/,
    });
  });
});

describe("approvalRefusal / applyRefusal", () => {
  it("refuses the requester's own approval only where the catalog asks for four eyes", () => {
    const fourEyes = { fourEyesPlans: true };
    const open = { fourEyesPlans: false };
    expect(approvalRefusal(plan({ environment: "prod" }), "u1", fourEyes)).toMatchObject({
      code: "forbidden",
      message: /in prod another approver must approve it/,
    });
    expect(approvalRefusal(plan({ environment: "prod" }), "u2", fourEyes)).toBeNull();
    // The name decides nothing: a "dev" with four eyes refuses, a "prod" without does not.
    expect(approvalRefusal(plan({ environment: "dev" }), "u1", fourEyes)).toMatchObject({ code: "forbidden" });
    expect(approvalRefusal(plan({ environment: "prod" }), "u1", open)).toBeNull();
    expect(approvalRefusal(plan({ approvedById: "u2" }), "u3", open)).toMatchObject({ message: /already approved/ });
  });
  it("needs an approval to apply", () => {
    expect(applyRefusal(plan(), ctx())).toMatchObject({ message: /needs an approval/ });
    expect(applyRefusal(plan({ approvedById: "u2" }), ctx())).toBeNull();
  });
});

describe("console and artifacts", () => {
  it("parses sha256sum output", () => {
    expect(parseSha256File(`${sha}  plan.tfplan\n`)).toBe(sha);
    expect(parseSha256File(`${sha}\n`)).toBe(sha);
    expect(parseSha256File("nope")).toBeNull();
  });
  it("prefers the script's reason over Jenkins' exit-code line", () => {
    const log =
      "[Pipeline] sh\nERROR: missing tools: tofu (run 'make toolchain')\nERROR: script returned exit code 1\nFinished: FAILURE\n";
    expect(failureFromConsole(log)).toBe("missing tools: tofu (run 'make toolchain')");
    expect(failureHint(failureFromConsole(log))).toMatch(/make toolchain/);
    expect(failureFromConsole("ERROR: script returned exit code 3\n")).toBe("script returned exit code 3");
    expect(failureFromConsole("all good\n")).toBeNull();
    expect(failureHint("REFUSED: plan sha256 mismatch for dev")).toMatch(/not the one that was approved/);
  });
  it("knows terminal statuses", () => {
    expect(isTerminal("succeeded") && isTerminal("failed") && isTerminal("aborted")).toBe(true);
    expect(isTerminal("running") || isTerminal("queued") || isTerminal("pending")).toBe(false);
  });
});

describe("isDriftCheck", () => {
  it("is the scheduled plan and the one asked for now, never a user's plan", () => {
    expect(isDriftCheck("schedule")).toBe(true);
    expect(isDriftCheck("drift")).toBe(true);
    expect(isDriftCheck("user")).toBe(false);
    expect(DRIFT_TRIGGERS).toEqual(["schedule", "drift"]);
  });
});

describe("driftCron", () => {
  it("turns the interval into a cron, off at 0", () => {
    expect(driftCron(0)).toBeNull();
    expect(driftCron(15)).toBe("*/15 * * * *");
    expect(driftCron(120)).toBe("0 */2 * * *");
    expect(driftCron(100)).toBe("0 */2 * * *");
    expect(driftCron(2880)).toBe("0 0 * * *");
  });
});
