import { describe, expect, it } from "vitest";
import { evaluatePlanPolicy, unmetRequirements } from "./policy";
import { summarisePlan } from "./summarise";

// The plan rules as lib/catalog planRulesOf gives them: prod strict in the shipped catalog, the others not.
const STRICT = { name: "prod", strictPlanReview: true };
const lax = (name: string) => ({ name, strictPlanReview: false });

function planWith(
  changes: { address: string; type: string; actions: string[]; module?: string; bucket?: string }[],
  more = {},
) {
  return summarisePlan({
    format_version: "1.2",
    resource_changes: changes.map((c) => ({
      address: c.address,
      ...(c.module ? { module_address: c.module } : {}),
      mode: "managed",
      type: c.type,
      name: "this",
      change: { actions: c.actions, before: c.bucket ? { bucket: c.bucket } : {}, after: null },
    })),
    ...more,
  });
}

const PROTECTED = [
  ["database", "aws_db_instance"],
  ["database", "aws_rds_cluster"],
  ["cache", "aws_elasticache_replication_group"],
  ["cluster", "aws_eks_cluster"],
  ["kms-key", "aws_kms_key"],
] as const;

describe("evaluatePlanPolicy", () => {
  it.each(PROTECTED)("in prod, destroying or replacing a %s (%s) needs an admin's written approval", (kind, type) => {
    for (const actions of [["delete"], ["delete", "create"], ["create", "delete"]]) {
      const policy = evaluatePlanPolicy(planWith([{ address: `${type}.this`, type, actions }]), STRICT);
      expect(policy.requirements).toHaveLength(1);
      expect(policy.requirements[0]).toMatchObject({
        code: "admin-approval-with-reason",
        resources: [{ address: `${type}.this`, protectedKind: kind }],
      });
      expect(policy.requirements[0]?.message).toMatch(/admin's approval with a written reason/);
    }
  });

  it("recognises the state bucket by its module or its name, not any bucket", () => {
    const byModule = planWith([
      {
        address: "module.state_backend.aws_s3_bucket.state",
        module: "module.state_backend",
        type: "aws_s3_bucket",
        actions: ["delete"],
      },
    ]);
    const byName = planWith([
      {
        address: "aws_s3_bucket.s",
        type: "aws_s3_bucket",
        actions: ["delete"],
        bucket: "nura-prod-tofu-state-123456789012",
      },
    ]);
    const other = planWith([
      { address: "aws_s3_bucket.logs", type: "aws_s3_bucket", actions: ["delete"], bucket: "nura-prod-logs" },
    ]);
    expect(evaluatePlanPolicy(byModule, STRICT).requirements[0]?.resources[0]?.protectedKind).toBe("state-bucket");
    expect(evaluatePlanPolicy(byName, STRICT).requirements[0]?.resources[0]?.protectedKind).toBe("state-bucket");
    expect(evaluatePlanPolicy(other, STRICT).requirements).toEqual([]);
  });

  it("asks nothing for creates and in-place updates of those, or outside prod", () => {
    const update = planWith([
      { address: "aws_db_instance.this", type: "aws_db_instance", actions: ["update"] },
      { address: "aws_eks_cluster.this", type: "aws_eks_cluster", actions: ["create"] },
    ]);
    expect(evaluatePlanPolicy(update, STRICT).requirements).toEqual([]);
    const destroy = planWith([{ address: "aws_db_instance.this", type: "aws_db_instance", actions: ["delete"] }]);
    expect(evaluatePlanPolicy(destroy, lax("staging")).requirements).toEqual([]);
    expect(evaluatePlanPolicy(destroy, lax("dev")).requirements).toEqual([]);
  });

  it("lists every protected change in one requirement", () => {
    const s = planWith([
      { address: "aws_db_instance.this", type: "aws_db_instance", actions: ["delete"] },
      { address: "aws_kms_key.this", type: "aws_kms_key", actions: ["delete", "create"] },
      { address: "aws_subnet.a", type: "aws_subnet", actions: ["delete"] },
    ]);
    const [req] = evaluatePlanPolicy(s, STRICT).requirements;
    if (!req) throw new Error("expected one requirement");
    expect(req.resources.map((r) => [r.address, r.kind])).toEqual([
      ["aws_db_instance.this", "delete"],
      ["aws_kms_key.this", "replace"],
    ]);
    expect(req.message).toContain("destroy database aws_db_instance.this");
    expect(req.message).toContain("replace KMS key aws_kms_key.this");
  });

  it("refuses errored, incomplete and empty plans outright", () => {
    const codes = (s: ReturnType<typeof planWith>) => evaluatePlanPolicy(s, lax("dev")).violations.map((v) => v.code);
    expect(codes(planWith([], { errored: true }))).toEqual(["plan-errored"]);
    expect(codes(planWith([{ address: "a.b", type: "a", actions: ["create"] }], { complete: false }))).toEqual([
      "plan-incomplete",
    ]);
    expect(codes(planWith([{ address: "a.b", type: "a", actions: ["no-op"] }]))).toEqual(["plan-empty"]);
    expect(codes(planWith([{ address: "a.b", type: "a", actions: ["create"] }]))).toEqual([]);
  });
});

describe("unmetRequirements", () => {
  const policy = evaluatePlanPolicy(
    planWith([{ address: "aws_db_instance.this", type: "aws_db_instance", actions: ["delete"] }]),
    STRICT,
  );

  it("is met by an admin with a written reason", () => {
    expect(
      unmetRequirements(policy, { roles: ["admin"], reason: "Replacing the instance after the restore test." }),
    ).toEqual([]);
  });

  it("names what is missing: the admin role, or a reason worth the name", () => {
    expect(
      unmetRequirements(policy, { roles: ["approver"], reason: "Planned maintenance window 42" })[0]?.message,
    ).toMatch(/not an admin in prod/);
    expect(unmetRequirements(policy, { roles: ["admin"], reason: "  ok  " })[0]?.message).toMatch(
      /at least 10 characters/,
    );
    expect(unmetRequirements(policy, { roles: ["admin"] })).toHaveLength(1);
  });

  it("asks nothing when the plan has no requirement", () => {
    const none = evaluatePlanPolicy(planWith([{ address: "a.b", type: "a", actions: ["create"] }]), STRICT);
    expect(unmetRequirements(none, { roles: ["approver"] })).toEqual([]);
  });
});
