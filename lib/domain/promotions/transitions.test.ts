import { describe, expect, it } from "vitest";
import { PROMOTION_STATUSES, type PromotionStatus, TERMINAL_STATUSES } from "./status";
import {
  ada,
  ana,
  approval,
  ben,
  ctx,
  minutes,
  NOW,
  person,
  promotion,
  requester,
  stagingPolicy,
} from "./test-fixtures";
import {
  ALLOWED_FROM,
  approvalsLapsed,
  approve,
  approversAtCommit,
  cancel,
  committed,
  concludeVerification,
  expire,
  fail,
  overrideFreeze,
  reject,
  rolledBack,
  STEPS,
  type StepName,
  type StepResult,
  startCommit,
  startRollback,
  supersede,
  synced,
  syncStarted,
  verificationFailed,
  verificationPassed,
} from "./transitions";
import type { Ctx, Effect, Promotion } from "./types";
import { evaluateVerification } from "./verification";

const SHA = "c0ffee".padEnd(40, "0");
const REVERT = "bead".padEnd(40, "1");
const SATURDAY = new Date("2026-12-05T12:00:00Z");
const passing = evaluateVerification(
  { errorRatio: [{ t: 1, v: 0.001 }], p95Ms: [{ t: 1, v: 120 }] },
  { maxErrorRatio: 0.02, maxP95Ms: 800 },
);
const failing = evaluateVerification(
  { errorRatio: [{ t: 1, v: 0.3 }], p95Ms: [{ t: 1, v: 120 }] },
  { maxErrorRatio: 0.02, maxP95Ms: 800 },
);
const twoValid = [approval(ana.id), approval(ben.id)];

/** For each step, a world in which every guard but the state one passes. */
const HAPPY: Record<StepName, { over?: Partial<Promotion>; input: unknown; ctx?: Partial<Ctx> }> = {
  approve: { input: { principal: ana } },
  reject: { input: { principal: ana, comment: "not now" } },
  cancel: { input: { principal: requester } },
  expire: { input: {}, ctx: { now: minutes(2 * 1440) } },
  supersede: { input: { currentTargetSha: "b".repeat(40) } },
  overrideFreeze: { input: { principal: ada, reason: "hotfix for the payment outage" }, ctx: { now: SATURDAY } },
  approvalsLapsed: { over: { approvals: [approval(ana.id, { createdAt: minutes(-200) })] }, input: {} },
  startCommit: { over: { approvals: twoValid }, input: { healthySince: minutes(-60) } },
  committed: { input: { commitSha: SHA } },
  syncStarted: { over: { commitSha: SHA }, input: { operation: { phase: "Running" } } },
  synced: { over: { commitSha: SHA }, input: { revision: SHA, health: "Healthy", syncStatus: "Synced" } },
  verificationPassed: { over: { commitSha: SHA }, input: { verification: passing } },
  verificationFailed: { over: { commitSha: SHA }, input: { verification: failing } },
  startRollback: { over: { commitSha: SHA }, input: { cause: "degraded", reason: "Degraded: CrashLoopBackOff" } },
  rolledBack: { over: { commitSha: SHA, failureReason: "Degraded" }, input: { revertSha: REVERT } },
  fail: { input: { reason: "push refused: protected branch" } },
};

const TO: Record<StepName, PromotionStatus | "same"> = {
  approve: "same", // requested stays requested until the count is complete (tested below)
  reject: "rejected",
  cancel: "cancelled",
  expire: "expired",
  supersede: "superseded",
  overrideFreeze: "same",
  approvalsLapsed: "requested",
  startCommit: "committing",
  committed: "syncing",
  syncStarted: "same",
  synced: "verifying",
  verificationPassed: "succeeded",
  verificationFailed: "rolling_back",
  startRollback: "rolling_back",
  rolledBack: "rolled_back",
  fail: "failed",
};

/** The specification, written out independently of ALLOWED_FROM: the table test holds the code to it. */
const SPEC: Record<StepName, PromotionStatus[]> = {
  approve: ["requested"],
  reject: ["requested", "approved"],
  cancel: ["requested", "approved"],
  expire: ["requested", "approved"],
  supersede: ["requested", "approved", "committing"],
  overrideFreeze: ["requested", "approved"],
  approvalsLapsed: ["approved"],
  startCommit: ["approved"],
  committed: ["committing"],
  syncStarted: ["syncing"],
  synced: ["syncing"],
  verificationPassed: ["verifying"],
  verificationFailed: ["verifying"],
  startRollback: ["syncing", "verifying"],
  rolledBack: ["rolling_back"],
  fail: ["committing", "rolling_back"],
};

function run(step: StepName, status: PromotionStatus): StepResult {
  const h = HAPPY[step];
  const fn = STEPS[step] as (p: Promotion, input: unknown, c: Ctx) => StepResult;
  return fn(promotion({ status, ...h.over }), h.input, ctx(h.ctx));
}

function ok(r: StepResult) {
  if (!r.ok) throw new Error(`refused: ${r.code}: ${r.message}`);
  return r;
}

const actions = (effects: Effect[]) =>
  effects.map((e) =>
    e.type === "audit" ? e.action : `${e.type}:${"event" in e ? e.event : "step" in e ? e.step : ""}`,
  );

describe("the state machine, every (state, step) pair", () => {
  const steps = Object.keys(STEPS) as StepName[];
  const pairs = PROMOTION_STATUSES.flatMap((s) => steps.map((step) => [s, step] as const));

  it.each(pairs)("%s × %s passes only when the step allows that state", (status, step) => {
    const r = run(step, status);
    const allowed = SPEC[step].includes(status);
    if (allowed) {
      const done = ok(r);
      expect(done.promotion.status).toBe(TO[step] === "same" ? status : TO[step]);
      expect(done.effects.filter((e) => e.type === "audit")).toHaveLength(1);
    } else {
      expect(r).toMatchObject({ ok: false, code: "invalid_transition" });
      if (!r.ok) expect(r.message).toContain(status.replace(/_/g, " "));
    }
  });

  it("has a step for every name, and terminal states allow none", () => {
    expect(Object.keys(ALLOWED_FROM).sort()).toEqual(steps.sort());
    expect(Object.keys(SPEC).sort()).toEqual(steps.sort());
    for (const s of TERMINAL_STATUSES) {
      expect(steps.filter((step) => (ALLOWED_FROM[step] as readonly string[]).includes(s))).toEqual([]);
    }
  });

  it("every non-terminal state has a way out (nothing can get stuck)", () => {
    for (const s of PROMOTION_STATUSES.filter((x) => !(TERMINAL_STATUSES as readonly string[]).includes(x))) {
      expect(steps.some((step) => (ALLOWED_FROM[step] as readonly string[]).includes(s))).toBe(true);
    }
  });

  it("audits each transition with from/to, and never mutates its input", () => {
    const p = promotion({ approvals: twoValid, status: "approved" });
    const before = structuredClone(p);
    const r = ok(startCommit(p, { healthySince: minutes(-60) }, ctx()));
    expect(p).toEqual(before);
    expect(r.effects[0]).toMatchObject({
      type: "audit",
      action: "promotion.commit_started",
      details: { from: "approved", to: "committing", approvers: ["ana", "ben"] },
    });
    // ... which is what the page and Slack read back as the commit's count, and nothing else is.
    expect(approversAtCommit((r.effects[0] as { details: unknown }).details)).toEqual(new Set(["ana", "ben"]));
    expect(approversAtCommit({ approvers: ["ana", 7] })).toBeNull();
    expect(approversAtCommit({})).toBeNull();
    expect(approversAtCommit(null)).toBeNull();
  });
});

describe("approve", () => {
  it("records the approval with its expiry; the last one needed approves and schedules the commit", () => {
    const first = ok(approve(promotion(), { principal: ana, comment: "  looks good " }, ctx()));
    expect(first.promotion.status).toBe("requested");
    expect(first.promotion.approvals).toEqual([
      {
        approverId: "ana",
        decision: "approved",
        comment: "looks good",
        createdAt: NOW,
        expiresAt: minutes(120),
        voidedAt: null,
        approverGrants: ana.grants,
      },
    ]);
    expect(actions(first.effects)).toEqual(["promotion.approved", "notify:approved"]);
    expect(first.effects[0]).toMatchObject({ details: { approvals: 1, required: 2, comment: "looks good" } });

    const second = ok(approve(first.promotion, { principal: ben }, ctx({ now: minutes(1) })));
    expect(second.promotion.status).toBe("approved");
    expect(actions(second.effects)).toEqual(["promotion.approved", "notify:approved", "schedule:commit"]);
  });

  it("one approval is enough for staging", () => {
    const p = promotion({ fromEnvironment: "dev", toEnvironment: "staging" });
    const r = ok(approve(p, { principal: person("sam", ["approver", "staging"]) }, ctx({ policy: stagingPolicy })));
    expect(r.promotion.status).toBe("approved");
  });

  it("refuses the requester, a second approval by the same person, and people without the role", () => {
    const p = promotion({ approvals: [approval(ana.id)] });
    const requesterApprover = person(requester.id, ["approver", null]);
    expect(approve(p, { principal: requesterApprover }, ctx())).toMatchObject({ ok: false, code: "own_approval" });
    expect(approve(p, { principal: ana }, ctx())).toMatchObject({ ok: false, code: "already_approved" });
    expect(approve(p, { principal: person("sam", ["approver", "staging"]) }, ctx())).toMatchObject({
      ok: false,
      code: "not_an_approver",
    });
  });

  it("lets someone whose approval expired approve again, replacing their record", () => {
    const p = promotion({ approvals: [approval(ana.id, { createdAt: minutes(-200) })] });
    const r = ok(approve(p, { principal: ana }, ctx()));
    expect(r.promotion.approvals).toHaveLength(1);
    expect(r.promotion.approvals[0]!.createdAt).toEqual(NOW);
    expect(r.promotion.status).toBe("requested");
  });

  it("refuses once the request itself expired", () => {
    expect(approve(promotion(), { principal: ana }, ctx({ now: minutes(1441, minutes(-30)) }))).toMatchObject({
      ok: false,
      code: "expired",
    });
  });

  it("allows approving during a freeze (the commit waits for the freeze to end)", () => {
    const p = promotion({ createdAt: minutes(-30, SATURDAY), approvals: [approval(ana.id, { createdAt: SATURDAY })] });
    const r = ok(approve(p, { principal: ben }, ctx({ now: minutes(1, SATURDAY) })));
    expect(r.promotion.status).toBe("approved");
  });
});

describe("reject and cancel", () => {
  it("an approver rejects with a comment; the requester may not reject their own (they cancel)", () => {
    const r = ok(
      reject(promotion({ status: "approved", approvals: twoValid }), { principal: ada, comment: "no" }, ctx()),
    );
    expect(r.promotion.status).toBe("rejected");
    expect(r.promotion.approvals.find((a) => a.approverId === "ada")).toMatchObject({
      decision: "rejected",
      comment: "no",
    });
    const own = reject(promotion(), { principal: person(requester.id, ["approver", null]) }, ctx());
    expect(own).toMatchObject({ ok: false, code: "own_approval" });
    if (!own.ok) expect(own.message).toContain("cancel");
    expect(reject(promotion(), { principal: person("x", ["developer", null]) }, ctx())).toMatchObject({
      code: "not_an_approver",
    });
  });

  it("only the requester cancels, and only before the commit starts", () => {
    expect(cancel(promotion(), { principal: ana }, ctx())).toMatchObject({ ok: false, code: "not_the_requester" });
    expect(
      ok(cancel(promotion({ status: "approved" }), { principal: requester, reason: " wrong tag " }, ctx())).effects[0],
    ).toMatchObject({ action: "promotion.cancelled", details: { reason: "wrong tag" } });
    const late = cancel(promotion({ status: "syncing" }), { principal: requester }, ctx());
    expect(late).toMatchObject({ ok: false, code: "invalid_transition" });
    if (!late.ok) expect(late.message).toContain("rolls back by itself");
  });
});

describe("expire, supersede, approvals lapsing", () => {
  it("expires only after requestTtlMinutes", () => {
    const p = promotion({ createdAt: NOW });
    expect(expire(p, {}, ctx({ now: minutes(1439) }))).toMatchObject({ ok: false, code: "not_expired" });
    expect(ok(expire(p, {}, ctx({ now: minutes(1440) }))).promotion.status).toBe("expired");
  });

  it("supersedes when the target values file moved, voiding approvals", () => {
    const p = promotion({ status: "approved", approvals: [...twoValid, approval(ada.id, { decision: "rejected" })] });
    expect(supersede(p, { currentTargetSha: p.targetValuesSha! }, ctx())).toMatchObject({ code: "not_superseded" });
    expect(supersede(p, { currentTargetSha: "" }, ctx())).toMatchObject({ code: "invalid_input" });
    const r = ok(supersede(p, { currentTargetSha: "b".repeat(40) }, ctx()));
    expect(r.promotion.approvals.filter((a) => a.decision === "approved").every((a) => a.voidedAt === NOW)).toBe(true);
    expect(r.promotion.approvals.find((a) => a.decision === "rejected")!.voidedAt).toBeNull();
    expect(r.promotion.failureReason).toBe(
      "the target values file changed since the request (blob aaaaaaaaaaaa → bbbbbbbbbbbb)",
    );
    expect(r.effects.map((e) => e.type)).toEqual(["audit", "void_approvals"]);
  });

  it("sends an approved promotion back for approval when its approvals expired while it waited", () => {
    const fresh = promotion({ status: "approved", approvals: twoValid });
    expect(approvalsLapsed(fresh, {}, ctx())).toMatchObject({ ok: false, code: "invalid_input" });
    const stale = promotion({
      status: "approved",
      approvals: [approval(ana.id, { createdAt: minutes(-121) }), approval(ben.id)],
    });
    const r = ok(approvalsLapsed(stale, {}, ctx()));
    expect(r.promotion.status).toBe("requested");
    expect(actions(r.effects)).toEqual(["promotion.approvals_lapsed", "notify:approval_needed"]);
  });
});

describe("freeze override", () => {
  const p = promotion({ createdAt: minutes(-30, SATURDAY) });
  it("needs an admin of the target and a written reason, and a freeze to override", () => {
    const sat = ctx({ now: SATURDAY });
    expect(overrideFreeze(p, { principal: ana, reason: "hotfix for the payment outage" }, sat)).toMatchObject({
      code: "not_an_admin",
    });
    expect(overrideFreeze(p, { principal: ada, reason: "   fix    " }, sat)).toMatchObject({ code: "reason_required" });
    expect(overrideFreeze(p, { principal: ada, reason: "hotfix for the payment outage" }, ctx())).toMatchObject({
      code: "not_frozen",
    });
    const stagingAdmin = person("sia", ["admin", "staging"]);
    expect(overrideFreeze(p, { principal: stagingAdmin, reason: "hotfix for the payment outage" }, sat)).toMatchObject({
      code: "not_an_admin",
    });
    const r = ok(overrideFreeze(p, { principal: ada, reason: "  hotfix for the payment outage " }, sat));
    expect(r.promotion.freezeOverride).toEqual({ byId: "ada", reason: "hotfix for the payment outage", at: SATURDAY });
    expect(r.effects[0]).toMatchObject({
      action: "promotion.freeze_overridden",
      details: { window: "weekend freeze", until: "2026-12-07T07:00:00.000Z" },
    });
  });

  it("lets an approved promotion commit through the freeze, and reschedules the commit", () => {
    const approved = promotion({
      status: "approved",
      createdAt: minutes(-30, SATURDAY),
      approvals: twoValid.map((a) => ({ ...a, createdAt: SATURDAY })),
    });
    const sat = ctx({ now: minutes(5, SATURDAY) });
    const blocked = startCommit(approved, { healthySince: minutes(-60, SATURDAY) }, sat);
    expect(blocked).toMatchObject({ ok: false, code: "frozen", retryAt: new Date("2026-12-07T07:00:00Z") });
    const r = ok(overrideFreeze(approved, { principal: ada, reason: "hotfix for the payment outage" }, sat));
    expect(actions(r.effects)).toEqual(["promotion.freeze_overridden", "schedule:commit"]);
    expect(ok(startCommit(r.promotion, { healthySince: minutes(-60, SATURDAY) }, sat)).promotion.status).toBe(
      "committing",
    );
  });
});

describe("the executor's steps", () => {
  it("startCommit refuses with the first blocker: approvals, soak (with retryAt), expiry", () => {
    const approved = promotion({ status: "approved", approvals: [approval(ana.id)] });
    expect(startCommit(approved, { healthySince: minutes(-60) }, ctx())).toMatchObject({ code: "approvals_missing" });
    const full = { ...approved, approvals: twoValid };
    expect(startCommit(full, { healthySince: minutes(-10) }, ctx())).toMatchObject({
      code: "soak_not_met",
      retryAt: minutes(20),
    });
    expect(startCommit(full, { healthySince: null }, ctx())).toMatchObject({ code: "soak_not_met" });
    expect(startCommit(full, { healthySince: minutes(-60) }, ctx({ now: minutes(1440) }))).toMatchObject({
      code: "expired",
    });
  });

  it("committed records the SHA; manual sync → sync step, auto sync → deployed + watch", () => {
    const p = promotion({ status: "committing" });
    expect(committed(p, { commitSha: "not a sha" }, ctx())).toMatchObject({ code: "invalid_input" });
    const manual = ok(committed(p, { commitSha: SHA }, ctx()));
    expect(manual.promotion.commitSha).toBe(SHA);
    expect(actions(manual.effects)).toEqual(["promotion.executed", "schedule:sync"]);
    const auto = ok(committed(p, { commitSha: SHA }, ctx({ policy: { ...stagingPolicy, autoSync: true } })));
    expect(actions(auto.effects)).toEqual(["promotion.executed", "notify:deployed", "schedule:watch"]);
  });

  it("syncStarted notifies deployed (manual sync only)", () => {
    const p = promotion({ status: "syncing", commitSha: SHA });
    expect(actions(ok(syncStarted(p, {}, ctx())).effects)).toEqual([
      "promotion.sync_started",
      "notify:deployed",
      "schedule:watch",
    ]);
    expect(syncStarted(p, {}, ctx({ policy: { ...stagingPolicy, autoSync: true } }))).toMatchObject({
      code: "invalid_input",
    });
  });

  it("synced needs Synced/Healthy of exactly the commit, and schedules the verification after the window", () => {
    const p = promotion({ status: "syncing", commitSha: SHA });
    expect(synced(p, { revision: SHA, health: "Progressing", syncStatus: "Synced" }, ctx())).toMatchObject({
      code: "invalid_input",
    });
    expect(synced(p, { revision: REVERT, health: "Healthy", syncStatus: "Synced" }, ctx())).toMatchObject({
      code: "invalid_input",
    });
    const r = ok(synced(p, { revision: SHA, health: "Healthy", syncStatus: "Synced" }, ctx()));
    expect(r.effects[1]).toEqual({ type: "schedule", step: "verify", notBefore: minutes(5) });
  });

  it("verification decides succeeded or rolling back, and keeps the checks on the audit event", () => {
    const p = promotion({ status: "verifying", commitSha: SHA });
    expect(verificationPassed(p, { verification: failing }, ctx())).toMatchObject({ code: "invalid_input" });
    expect(verificationFailed(p, { verification: passing }, ctx())).toMatchObject({ code: "invalid_input" });
    const good = ok(concludeVerification(p, { verification: passing }, ctx()));
    expect(good.promotion.status).toBe("succeeded");
    expect(good.effects[0]).toMatchObject({ details: { verification: { passed: true, checks: passing.checks } } });
    const bad = ok(concludeVerification(p, { verification: failing }, ctx()));
    expect(bad.promotion).toMatchObject({ status: "rolling_back", failureReason: failing.summary });
    expect(actions(bad.effects)).toEqual(["promotion.rollback_started", "schedule:rollback"]);
  });

  it("startRollback needs a known cause and a reason; rolledBack records the revert", () => {
    const p = promotion({ status: "syncing", commitSha: SHA });
    expect(startRollback(p, { cause: "bored" as never, reason: "x" }, ctx())).toMatchObject({ code: "invalid_input" });
    expect(startRollback(p, { cause: "timeout", reason: "  " }, ctx())).toMatchObject({ code: "invalid_input" });
    const r = ok(startRollback(p, { cause: "timeout", reason: "not Healthy after 10 minutes" }, ctx()));
    const done = ok(rolledBack(r.promotion, { revertSha: REVERT }, ctx()));
    expect(done.promotion).toMatchObject({
      status: "rolled_back",
      revertSha: REVERT,
      failureReason: "not Healthy after 10 minutes",
    });
    expect(actions(done.effects)).toEqual(["promotion.rolled_back", "notify:rolled_back"]);
    expect(rolledBack(r.promotion, { revertSha: "nope" }, ctx())).toMatchObject({ code: "invalid_input" });
  });

  it("fail keeps why the rollback started when the rollback itself fails", () => {
    const p = promotion({ status: "rolling_back", failureReason: "Degraded" });
    expect(fail(p, { reason: "" }, ctx())).toMatchObject({ code: "invalid_input" });
    const r = ok(fail(p, { reason: "revert push refused" }, ctx()));
    expect(r.promotion.failureReason).toBe("Degraded; rollback failed: revert push refused");
    expect(actions(r.effects)).toEqual(["promotion.failed", "notify:failed"]);
    expect(
      ok(fail(promotion({ status: "committing" }), { reason: "push refused" }, ctx())).promotion.failureReason,
    ).toBe("push refused");
  });
});
