import { describe, expect, it } from "vitest";
import { approvePermission, cancelPermission, type PromotionFacts, rejectPermission } from "./promotion-permissions";
import type { Principal } from "./roles";

const who = (id: string, role: Principal["grants"][number]["role"], environment: string | null = null) => ({
  id,
  grants: [{ role, environment }],
});
const facts: PromotionFacts = { toEnvironment: "prod", status: "requested", requestedById: "dev", approverIds: [] };

describe("approvePermission", () => {
  it("lets an approver of the target environment approve someone else's promotion", () => {
    expect(approvePermission(who("ana", "approver"), facts)).toEqual({ allowed: true });
    expect(approvePermission(who("ana", "approver", "prod"), facts)).toEqual({ allowed: true });
  });

  it.each([
    ["a developer", who("x", "developer"), facts, "approving in prod needs the approver or admin role there"],
    [
      "an approver of another environment",
      who("x", "approver", "staging"),
      facts,
      "approving in prod needs the approver or admin role there",
    ],
    [
      "the requester",
      who("dev", "admin"),
      facts,
      "you requested this promotion; someone else must approve it (four eyes)",
    ],
    [
      "a second approval by the same person",
      who("ana", "approver"),
      { ...facts, approverIds: ["ana"] },
      "you already approved it; another approver is needed",
    ],
    [
      "a finished promotion",
      who("ana", "approver"),
      { ...facts, status: "rolled_back" },
      "the promotion is rolled back, not awaiting approval",
    ],
  ])("refuses %s with the reason", (_what, p, f, reason) => {
    expect(approvePermission(p, f)).toEqual({ allowed: false, reason });
  });
});

describe("rejectPermission / cancelPermission", () => {
  it("approvers reject; the requester cancels instead", () => {
    expect(rejectPermission(who("ana", "approver"), facts).allowed).toBe(true);
    expect(rejectPermission(who("dev", "approver"), facts)).toEqual({
      allowed: false,
      reason: "you requested this promotion: cancel it instead",
    });
    expect(rejectPermission(who("v", "viewer"), facts).allowed).toBe(false);
  });

  it("only the requester cancels, and only before it runs", () => {
    expect(cancelPermission({ id: "dev" }, facts)).toEqual({ allowed: true });
    expect(cancelPermission({ id: "dev" }, { ...facts, status: "approved" })).toEqual({ allowed: true });
    expect(cancelPermission({ id: "ana" }, facts)).toEqual({
      allowed: false,
      reason: "only the requester can cancel a promotion",
    });
    expect(cancelPermission({ id: "dev" }, { ...facts, status: "syncing" })).toEqual({
      allowed: false,
      reason: "the promotion is syncing: it can no longer be cancelled",
    });
  });
});
