import { describe, expect, it } from "vitest";
import { approvalProgress, policyFor } from "./policy";
import { type RequestInput, type RollbackInput, requestPromotion, requestRollback } from "./request";
import { ada, ben, catalog, minutes, NOW, person, requester, viewer } from "./test-fixtures";
import { startCommit } from "./transitions";

const SATURDAY = new Date("2026-12-05T12:00:00Z");

function input(over: Partial<RequestInput> = {}): RequestInput {
  return {
    id: "p9",
    application: "core",
    toEnvironment: "prod",
    imageTag: "1.4.2",
    requester,
    targetCurrentTag: "1.4.1",
    sourceCurrentTag: "1.4.2",
    targetValuesSha: "a".repeat(40),
    inFlight: [],
    ...over,
  };
}
const ctx = (now = NOW) => ({ now, catalog });

describe("requestPromotion", () => {
  it("creates a requested promotion from the previous environment, asks for approval, schedules its expiry", () => {
    const r = requestPromotion(input(), ctx());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.promotion).toEqual({
      id: "p9",
      application: "core",
      fromEnvironment: "staging",
      toEnvironment: "prod",
      imageTag: "1.4.2",
      status: "requested",
      requestedById: "dana",
      createdAt: NOW,
      targetValuesSha: "a".repeat(40),
      commitSha: null,
      revertSha: null,
      failureReason: null,
      freezeOverride: null,
      approvals: [],
    });
    expect(r.effects).toEqual([
      {
        type: "audit",
        action: "promotion.requested",
        details: {
          to: "requested",
          imageTag: "1.4.2",
          fromEnvironment: "staging",
          toEnvironment: "prod",
          previousTag: "1.4.1",
          targetValuesSha: "a".repeat(40),
          approvalsRequired: 2,
        },
      },
      { type: "notify", event: "requested" },
      { type: "notify", event: "approval_needed" },
      { type: "schedule", step: "expire", notBefore: minutes(1440) },
    ]);
  });

  it("an environment that needs no approval is approved at once and the commit scheduled", () => {
    const noApprovals = {
      ...catalog,
      environments: catalog.environments.map((e) => (e.name === "staging" ? { ...e, approvalsRequired: 0 } : e)),
    };
    const r = requestPromotion(input({ toEnvironment: "staging", sourceCurrentTag: null }), {
      now: NOW,
      catalog: noApprovals,
    });
    expect(r).toMatchObject({ ok: true, promotion: { status: "approved", fromEnvironment: "dev" } });
    if (r.ok) expect(r.effects.at(-1)).toEqual({ type: "schedule", step: "commit", notBefore: null });
  });

  it.each([
    [{ application: "nope" }, "unknown_application", 'there is no application "nope" in the catalog'],
    [{ toEnvironment: "qa" }, "unknown_environment", 'there is no environment "qa" in the catalog'],
    [{ fromEnvironment: "qa" }, "unknown_environment", 'there is no environment "qa" in the catalog'],
    [
      { toEnvironment: "dev" },
      "wrong_order",
      "dev is the first environment of the path: images reach it from the build pipeline",
    ],
    [
      { fromEnvironment: "dev" },
      "wrong_order",
      "promotions to prod come from staging, not dev (path dev → staging → prod)",
    ],
    [
      { imageTag: "1.4.2; rm -rf /" },
      "invalid_input",
      '"1.4.2; rm -rf /" is not an image tag (letters, digits, _ . -; at most 128)',
    ],
    [{ imageTag: "" }, "invalid_input", '"" is not an image tag (letters, digits, _ . -; at most 128)'],
    [
      { requester: viewer },
      "not_a_requester",
      "requesting a promotion to prod needs the developer, approver or admin role there",
    ],
    [{ requester: person("s", ["developer", "staging"]) }, "not_a_requester", expect.any(String)],
    [{ sourceCurrentTag: "1.4.3" }, "tag_not_in_source", "staging runs 1.4.3, not 1.4.2: promote what staging runs"],
    [{ targetCurrentTag: "1.4.2" }, "no_newer_tag", "prod already runs 1.4.2: there is no newer tag to promote"],
    [
      { inFlight: [{ id: "p1", application: "core", toEnvironment: "prod", status: "verifying" as const }] },
      "in_flight",
      "promotion p1 of core to prod is still verifying; wait for it to finish or cancel it",
    ],
  ])("refuses %o with %s", (over, code, message) => {
    expect(requestPromotion(input(over as Partial<RequestInput>), ctx())).toEqual({ ok: false, code, message });
  });

  it("only an unfinished promotion of the same application and target is in the way", () => {
    const others = [
      { id: "a", application: "core", toEnvironment: "prod", status: "succeeded" as const },
      { id: "b", application: "core", toEnvironment: "staging", status: "requested" as const },
      { id: "c", application: "ui", toEnvironment: "prod", status: "syncing" as const },
    ];
    expect(requestPromotion(input({ inFlight: others }), ctx()).ok).toBe(true);
  });

  it("an unknown target tag (no tag in the values file) or unknown source tag is no reason to refuse", () => {
    expect(requestPromotion(input({ targetCurrentTag: null, sourceCurrentTag: undefined }), ctx()).ok).toBe(true);
  });

  it("refuses during a freeze, saying until when; an admin may request through it with a written reason", () => {
    expect(requestPromotion(input(), ctx(SATURDAY))).toEqual({
      ok: false,
      code: "frozen",
      message:
        "prod is frozen (weekend freeze: nobody on call) until 2026-12-07T07:00:00.000Z; an admin can request through it with a written reason",
      retryAt: new Date("2026-12-07T07:00:00Z"),
    });
    expect(
      requestPromotion(input({ freezeOverrideReason: "hotfix for the payment outage" }), ctx(SATURDAY)),
    ).toMatchObject({
      ok: false,
      code: "not_an_admin",
    });
    expect(requestPromotion(input({ requester: ada, freezeOverrideReason: "fix" }), ctx(SATURDAY))).toMatchObject({
      code: "reason_required",
    });
    const r = requestPromotion(
      input({ requester: ada, freezeOverrideReason: " hotfix for the payment outage " }),
      ctx(SATURDAY),
    );
    expect(r).toMatchObject({
      ok: true,
      promotion: { freezeOverride: { byId: "ada", reason: "hotfix for the payment outage", at: SATURDAY } },
    });
    if (r.ok) {
      expect(r.effects.map((e) => (e.type === "audit" ? e.action : e.type))).toEqual([
        "promotion.requested",
        "promotion.freeze_overridden",
        "notify",
        "notify",
        "schedule",
      ]);
    }
  });

  it("a freeze override reason outside a freeze is ignored", () => {
    const r = requestPromotion(input({ freezeOverrideReason: "just in case it freezes" }), ctx());
    expect(r).toMatchObject({ ok: true, promotion: { freezeOverride: null } });
  });
});

describe("requestRollback", () => {
  const good = {
    id: "p0",
    application: "core",
    toEnvironment: "prod",
    imageTag: "1.4.0",
    status: "succeeded" as const,
  };
  const rb = (over: Partial<RollbackInput> = {}): RollbackInput => ({
    id: "rb1",
    application: "core",
    environment: "prod",
    rollBackTo: good,
    requester: ben,
    reason: "1.4.2 breaks checkout for EU users",
    targetCurrentTag: "1.4.2",
    targetValuesSha: "a".repeat(40),
    inFlight: [],
    ...over,
  });

  it("is approved at once and commits, naming the promotion it goes back to", () => {
    const r = requestRollback(rb(), ctx());
    expect(r).toMatchObject({
      ok: true,
      promotion: {
        kind: "rollback",
        rollbackOfId: "p0",
        fromEnvironment: "prod",
        toEnvironment: "prod",
        imageTag: "1.4.0",
        status: "approved",
        requestedById: "ben",
      },
    });
    if (!r.ok) return;
    expect(r.effects.map((e) => (e.type === "audit" ? e.action : `${e.type}`))).toEqual([
      "promotion.requested",
      "notify",
      "schedule",
      "schedule",
    ]);
    expect(r.effects[0]).toMatchObject({ details: { kind: "rollback", reason: "1.4.2 breaks checkout for EU users" } });
    expect(r.effects.at(-1)).toEqual({ type: "schedule", step: "commit", notBefore: null });
  });

  it("needs no approvals, soak or unfrozen window to execute (a rollback repairs)", () => {
    const r = requestRollback(rb(), ctx(SATURDAY));
    if (!r.ok) throw new Error(r.message);
    const policy = policyFor(catalog, "prod")!;
    expect(approvalProgress(r.promotion, policy, SATURDAY, { healthySince: null })).toMatchObject({
      required: 0,
      missing: 0,
      canExecute: true,
      blockers: [],
    });
    const started = startCommit(r.promotion, { healthySince: null }, { now: SATURDAY, policy });
    expect(started).toMatchObject({ ok: true, promotion: { status: "committing" } });
    // …but it expires like any request that never ran
    expect(startCommit(r.promotion, { healthySince: null }, { now: minutes(1440, SATURDAY), policy })).toMatchObject({
      code: "expired",
    });
  });

  it.each([
    [{ application: "nope" }, "unknown_application", 'there is no application "nope" in the catalog'],
    [{ environment: "qa" }, "unknown_environment", 'there is no environment "qa" in the catalog'],
    [{ requester }, "not_an_approver", "rolling back in prod needs the approver or admin role there"],
    [
      { rollBackTo: { ...good, toEnvironment: "staging" } },
      "invalid_input",
      "promotion p0 deployed core to staging, not core to prod",
    ],
    [
      { rollBackTo: { ...good, status: "rolled_back" as const } },
      "invalid_input",
      "promotion p0 is rolled back: only a succeeded promotion can be rolled back to",
    ],
    [{ reason: "  oops  " }, "reason_required", "a rollback needs a written reason of at least 10 characters"],
    [{ targetCurrentTag: "1.4.0" }, "no_newer_tag", "prod already runs 1.4.0: there is nothing to roll back"],
    [
      { inFlight: [{ id: "p5", application: "core", toEnvironment: "prod", status: "rolling_back" as const }] },
      "in_flight",
      "promotion p5 of core to prod is still rolling back; wait for it to finish or cancel it",
    ],
  ])("refuses %o with %s", (over, code, message) => {
    expect(requestRollback(rb(over as Partial<RollbackInput>), ctx())).toEqual({ ok: false, code, message });
  });

  it("a developer may roll back outside protected environments, where the message names the developer role", () => {
    const devRollback = rb({ environment: "dev", rollBackTo: { ...good, toEnvironment: "dev" } });
    expect(requestRollback({ ...devRollback, requester }, ctx()).ok).toBe(true);
    expect(requestRollback({ ...devRollback, requester: viewer }, ctx())).toMatchObject({
      message: "rolling back in dev needs the developer, approver or admin role there",
    });
  });
});
