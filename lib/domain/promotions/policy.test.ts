import { describe, expect, it } from "vitest";
import type { Role } from "../roles";
import {
  approvalProgress,
  approvalState,
  canApprove,
  canOverrideFreeze,
  executionBlockers,
  MIN_OVERRIDE_REASON_LENGTH,
  policyFor,
  promotionPolicy,
} from "./policy";
import {
  ada,
  ana,
  approval,
  ben,
  catalog,
  minutes,
  NOW,
  person,
  prodPolicy,
  promotion,
  requester,
  stagingOnly,
  stagingPolicy,
  viewer,
} from "./test-fixtures";

const soaked = { healthySince: minutes(-60) };

describe("promotionPolicy", () => {
  it("takes each target environment's keys from the catalog, defaults where it says nothing", () => {
    expect(prodPolicy).toEqual({
      environment: "prod",
      protected: true,
      approvalsRequired: 2,
      approvalTtlMinutes: 120,
      requestTtlMinutes: 1440,
      minSoakMinutes: 30,
      autoSync: false,
      verification: { windowMinutes: 5, maxErrorRatio: 0.02, maxP95Ms: 800 },
      freezeWindows: [
        {
          name: "weekend freeze",
          reason: "nobody on call",
          timeZone: "Europe/Berlin",
          weekly: { from: "Fri 16:00", to: "Mon 08:00" },
        },
      ],
    });
    expect(promotionPolicy(catalog.environments[0]!)).toMatchObject({
      environment: "dev",
      protected: false,
      approvalsRequired: 0,
      approvalTtlMinutes: 1440,
      requestTtlMinutes: 4320,
      minSoakMinutes: 0,
      freezeWindows: [],
      verification: { windowMinutes: 5, maxErrorRatio: 0.05, maxP95Ms: 1000 },
    });
    expect(policyFor(catalog, "qa")).toBeUndefined();
  });
});

describe("canApprove (four eyes, roles per environment)", () => {
  const p = promotion();
  it("an approver or admin of the target environment may approve; a global grant holds everywhere", () => {
    expect(canApprove(ana, p, prodPolicy, NOW)).toEqual({ ok: true });
    expect(canApprove(ben, p, prodPolicy, NOW)).toEqual({ ok: true });
    expect(canApprove(person("pia", ["admin", "prod"]), p, prodPolicy, NOW)).toEqual({ ok: true });
  });

  it("a role in another environment, a developer or a viewer may not, and the message says what is needed", () => {
    for (const who of [
      stagingOnly,
      viewer,
      requester,
      person("x", ["developer", "prod"]),
      person("y", ["auditor", null]),
    ]) {
      const v = canApprove(who, p, prodPolicy, NOW);
      expect(v).toMatchObject({ ok: false, code: "not_an_approver" });
    }
    expect(canApprove(stagingOnly, p, prodPolicy, NOW)).toEqual({
      ok: false,
      code: "not_an_approver",
      message: "to approve in prod you need the approver or admin role there",
    });
    expect(canApprove(viewer, p, prodPolicy, NOW)).toMatchObject({
      message: expect.stringContaining("(you are viewer)"),
    });
  });

  it("the requester never approves their own, even as an admin", () => {
    const adminRequester = person(requester.id, ["admin", null]);
    expect(canApprove(adminRequester, p, prodPolicy, NOW)).toMatchObject({ ok: false, code: "own_approval" });
  });

  it("the same person approves once while their approval is valid; again after it expired", () => {
    const once = promotion({ approvals: [approval(ana.id)] });
    expect(canApprove(ana, once, prodPolicy, NOW)).toMatchObject({ ok: false, code: "already_approved" });
    const lapsed = promotion({ approvals: [approval(ana.id, { createdAt: minutes(-121) })] });
    expect(canApprove(ana, lapsed, prodPolicy, NOW)).toEqual({ ok: true });
    const voided = promotion({ approvals: [approval(ana.id, { voidedAt: minutes(-1) })] });
    expect(canApprove(ana, voided, prodPolicy, NOW)).toEqual({ ok: true });
  });

  it("nothing to approve outside requested; an expired request cannot be approved", () => {
    expect(canApprove(ana, promotion({ status: "approved" }), prodPolicy, NOW)).toMatchObject({
      code: "invalid_transition",
      message: "the promotion already has the approvals it needs (2)",
    });
    expect(canApprove(ana, promotion({ status: "syncing" }), prodPolicy, NOW)).toMatchObject({
      message: "the promotion is syncing, not awaiting approval",
    });
    expect(canApprove(ana, promotion({ createdAt: minutes(-1440) }), prodPolicy, NOW)).toMatchObject({
      code: "expired",
    });
  });

  it("rejecting is allowed while approved too, with words for rejecting", () => {
    expect(canApprove(ana, promotion({ status: "approved" }), prodPolicy, NOW, "reject")).toEqual({ ok: true });
    expect(canApprove(stagingOnly, promotion(), prodPolicy, NOW, "reject")).toMatchObject({
      message: "to reject in prod you need the approver or admin role there",
    });
  });
});

describe("approval validity", () => {
  const p = promotion();
  it("valid until its expiresAt, or createdAt + TTL when none is stored", () => {
    expect(approvalState(approval("a", { createdAt: minutes(-119) }), p, prodPolicy, NOW)).toBe("valid");
    expect(approvalState(approval("a", { createdAt: minutes(-120) }), p, prodPolicy, NOW)).toBe("expired");
    expect(approvalState(approval("a", { createdAt: minutes(-500), expiresAt: minutes(1) }), p, prodPolicy, NOW)).toBe(
      "valid",
    );
    expect(approvalState(approval("a", { expiresAt: NOW }), p, prodPolicy, NOW)).toBe("expired");
  });
  it("voided, rejected and the requester's own never count", () => {
    expect(approvalState(approval("a", { voidedAt: minutes(-1) }), p, prodPolicy, NOW)).toBe("voided");
    expect(approvalState(approval("a", { decision: "rejected" }), p, prodPolicy, NOW)).toBe("rejected");
    expect(approvalState(approval(requester.id), p, prodPolicy, NOW)).toBe("ignored");
  });
  it("stops counting once its approver no longer holds approver or admin in the target environment", () => {
    const grants = (...g: [Role, string | null][]) => g.map(([role, environment]) => ({ role, environment }));
    const of = (approverGrants: ReturnType<typeof grants>) =>
      approvalState(approval("a", { approverGrants }), p, prodPolicy, NOW);
    expect(of(grants(["approver", "prod"]))).toBe("valid");
    expect(of(grants(["admin", null]))).toBe("valid");
    expect(of(grants(["approver", "staging"], ["developer", null]))).toBe("role_lost");
    expect(of([])).toBe("role_lost"); // loaded without grants, or every grant removed: fail closed
    // a lost role is a reason the executor names when it sends the promotion back
    const lost = promotion({
      approvals: [approval(ana.id), approval(ben.id, { approverGrants: grants(["viewer", null]) })],
    });
    expect(executionBlockers(lost, prodPolicy, NOW, soaked)).toEqual([
      expect.objectContaining({
        code: "approvals_missing",
        message: expect.stringContaining("1 valid (1 approver no longer holds the approver or admin role in prod)"),
      }),
    ]);
  });
});

describe("approvalProgress", () => {
  it("counts distinct valid approvers, expired ones apart, and says what blocks execution", () => {
    const p = promotion({
      approvals: [
        approval(ana.id),
        approval(ana.id), // a duplicate row still counts once
        approval(ben.id, { createdAt: minutes(-130) }),
        approval(requester.id),
        approval(ada.id, { voidedAt: minutes(-1) }),
      ],
    });
    const progress = approvalProgress(p, prodPolicy, NOW, soaked);
    expect(progress).toMatchObject({
      required: 2,
      valid: 1,
      expired: 1,
      missing: 1,
      validApproverIds: ["ana"],
      expiredApproverIds: ["ben"],
      canExecute: false,
    });
    expect(progress.blockers).toEqual([
      {
        code: "approvals_missing",
        message: "prod needs 2 approvals from distinct approvers; 1 valid (1 expired after 120 minutes: approve again)",
      },
    ]);
  });

  it("can execute once approved, soaked, unfrozen and in time", () => {
    const p = promotion({ approvals: [approval(ana.id), approval(ben.id)] });
    expect(approvalProgress(p, prodPolicy, NOW, soaked)).toMatchObject({
      valid: 2,
      missing: 0,
      canExecute: true,
      blockers: [],
    });
  });

  it("lists every blocker at once: expiry, approvals, freeze (with when it ends), soak", () => {
    const saturday = new Date("2026-12-05T12:00:00Z");
    const p = promotion({ createdAt: minutes(-2000, saturday) });
    const blockers = approvalProgress(p, prodPolicy, saturday, { healthySince: minutes(-10, saturday) }).blockers;
    expect(blockers.map((b) => b.code)).toEqual(["expired", "approvals_missing", "frozen", "soak_not_met"]);
    expect(blockers[2]).toEqual({
      code: "frozen",
      message:
        "prod is frozen (weekend freeze: nobody on call) until 2026-12-07 07:00 UTC; an admin can override with a written reason",
      retryAt: new Date("2026-12-07T07:00:00Z"),
    });
    expect(blockers[3]).toEqual({
      code: "soak_not_met",
      message:
        "1.4.2 has been Healthy in staging for 10 of the 30 minutes prod requires; ready at 2026-12-05 12:20 UTC",
      retryAt: minutes(20, saturday),
    });
  });

  it("an override lifts the freeze blocker; an unhealthy source blocks with no retry time", () => {
    const saturday = new Date("2026-12-05T12:00:00Z");
    const p = promotion({
      createdAt: saturday,
      approvals: [approval(ana.id, { createdAt: saturday }), approval(ben.id, { createdAt: saturday })],
      freezeOverride: { byId: ada.id, reason: "hotfix for the outage", at: saturday },
    });
    expect(executionBlockers(p, prodPolicy, saturday, soaked)).toEqual([]);
    expect(executionBlockers(p, prodPolicy, saturday, { healthySince: null })).toEqual([
      {
        ok: false,
        code: "soak_not_met",
        message: "1.4.2 is not Healthy in staging; it must be Healthy there for 30 minutes before it goes to prod",
      },
    ]);
  });

  it("staging needs no soak and one approval", () => {
    const p = promotion({ fromEnvironment: "dev", toEnvironment: "staging", approvals: [approval(stagingOnly.id)] });
    expect(approvalProgress(p, stagingPolicy, NOW, { healthySince: null })).toMatchObject({
      required: 1,
      valid: 1,
      canExecute: true,
    });
  });
});

describe("canOverrideFreeze", () => {
  it("needs an admin there and a reason of at least MIN_OVERRIDE_REASON_LENGTH characters (trimmed)", () => {
    expect(MIN_OVERRIDE_REASON_LENGTH).toBe(10);
    expect(canOverrideFreeze(ada, prodPolicy, "0123456789")).toEqual({ ok: true });
    expect(canOverrideFreeze(ada, prodPolicy, "  012345678  ")).toMatchObject({ code: "reason_required" });
    expect(canOverrideFreeze(ben, prodPolicy, "0123456789")).toMatchObject({ code: "not_an_admin" });
    expect(canOverrideFreeze(person("s", ["admin", "staging"]), prodPolicy, "0123456789")).toMatchObject({
      code: "not_an_admin",
    });
    expect(canOverrideFreeze(person("p", ["admin", "prod"]), prodPolicy, "0123456789")).toEqual({ ok: true });
  });
});
