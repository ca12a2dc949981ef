// Plan review on real `tofu show -json` output: the dev tree planned by OpenTofu with the AWS provider
// against moto (fixtures/README.md says how each plan was made and with which versions).
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { evaluatePlanPolicy } from "./policy";
import { isEmptyPlan, type ResourceSummary, summarisePlan } from "./summarise";

// The plan rules as lib/catalog planRulesOf gives them: prod strict in the shipped catalog, the others not.
const STRICT = { name: "prod", strictPlanReview: true };
const lax = (name: string) => ({ name, strictPlanReview: false });

const read = (name: string) => readFileSync(path.join(import.meta.dirname, "fixtures", `${name}.plan.json`), "utf8");
const load = (name: string) => {
  const text = read(name);
  return { text, summary: summarisePlan(text) };
};
const resources = (s: ReturnType<typeof summarisePlan>): ResourceSummary[] =>
  s.groups.flatMap((g) => g.types.flatMap((t) => t.resources));
const find = (s: ReturnType<typeof summarisePlan>, address: string) => {
  const r = resources(s).find((x) => x.address === address);
  if (!r) throw new Error(`${address} not in the summary`);
  return r;
};

// The sandbox's throwaway Redis AUTH tokens (infra/environments/dev/sandbox.tfvars, fixtures/dev-change.tfvars).
const TOKENS = ["sandbox-only-redis-token-0000", "sandbox-only-redis-token-0001"];

describe("dev-initial: an empty moto, everything is created", () => {
  const { text, summary } = load("dev-initial");

  it("counts 103 creates and the data sources read, as tofu plan printed", () => {
    expect(summary.counts).toEqual({ add: 103, change: 0, destroy: 0, replace: 0, forget: 0, read: 8, unchanged: 0 });
    expect(summary.tofuVersion).toBe("1.12.6");
    expect(isEmptyPlan(summary)).toBe(false);
  });

  it("groups by module and type", () => {
    expect(summary.groups.map((g) => g.moduleAddress)).toEqual([
      "module.platform.module.eks",
      "module.platform.module.elasticache",
      "module.platform.module.iam",
      "module.platform.module.monitoring",
      "module.platform.module.network",
      "module.platform.module.rds",
    ]);
    const network = summary.groups.find((g) => g.moduleAddress === "module.platform.module.network");
    expect(network?.types.find((t) => t.type === "aws_subnet")?.resources).toHaveLength(9);
  });

  it("says 'known after apply' for values OpenTofu only learns on apply", () => {
    const vpc = find(summary, "module.platform.module.network.aws_vpc.this");
    const byPath = new Map(vpc.diff.changes.map((c) => [c.path, c]));
    expect(byPath.get("id")?.after).toEqual({ kind: "unknown" });
    expect(byPath.get("cidr_block")?.after).toEqual({ kind: "value", text: '"10.10.0.0/16"' });
  });

  it("never carries the Redis AUTH token, which the plan JSON does hold in clear", () => {
    expect(text).toContain(TOKENS[0]);
    expect(JSON.stringify(summary)).not.toContain(TOKENS[0]);
    const redis = find(summary, "module.platform.module.elasticache.aws_elasticache_replication_group.this");
    expect(redis.diff.changes.find((c) => c.path === "auth_token")?.after).toEqual({ kind: "sensitive" });
  });

  it("highlights the IAM and security-group creations, nothing destroyed", () => {
    const categories = new Set(summary.highlights.flatMap((h) => h.categories));
    expect([...categories].sort()).toEqual(["iam", "security-group"]);
    expect(summary.highlights.some((h) => h.type === "aws_iam_role")).toBe(true);
    expect(summary.highlights.some((h) => h.type === "aws_vpc_security_group_ingress_rule")).toBe(true);
    expect(evaluatePlanPolicy(summary, STRICT)).toEqual({ environment: "prod", requirements: [], violations: [] });
  });
});

describe("dev-change: instance class, node group instance types, IAM policy, auth token, API CIDRs", () => {
  const { text, summary } = load("dev-change");

  it("counts 4 in-place updates and 1 replacement (tofu: 1 to add, 4 to change, 1 to destroy)", () => {
    expect(summary.counts).toMatchObject({ add: 0, change: 4, destroy: 0, replace: 1, unchanged: 98 });
  });

  it("shows the database's instance class before → after", () => {
    const db = find(summary, "module.platform.module.rds.aws_db_instance.this");
    expect(db.kind).toBe("update");
    expect(db.diff.changes).toEqual([
      {
        path: "instance_class",
        before: { kind: "value", text: '"db.t3.medium"' },
        after: { kind: "value", text: '"db.t3.large"' },
        forcesReplacement: false,
      },
    ]);
  });

  it("shows why the node group is replaced: instance_types forces it, the provider cannot update it", () => {
    const ng = find(summary, 'module.platform.module.eks.aws_eks_node_group.this["application"]');
    expect(ng).toMatchObject({
      kind: "replace",
      replaceOrder: "delete-then-create",
      replacePaths: ["instance_types"],
      actionReason: "replace_because_cannot_update",
    });
    expect(ng.diff.changes.find((c) => c.path === "instance_types[0]")).toEqual({
      path: "instance_types[0]",
      before: { kind: "value", text: '"t3.large"' },
      after: { kind: "value", text: '"t3.xlarge"' },
      forcesReplacement: true,
    });
    expect(summary.highlights[0]).toMatchObject({ address: ng.address, categories: ["replace"] });
    expect(summary.highlights[0]?.detail).toMatch(/forced by instance_types/);
  });

  it("diffs the IAM policy document statement by statement, and highlights it", () => {
    const policy = find(summary, 'module.platform.module.iam.aws_iam_role_policy.this["nura-core"]');
    expect(policy.risks).toEqual(["iam"]);
    expect(policy.diff.changes.map((c) => c.path)).toEqual([
      "policy › Statement[0].Resource",
      "policy › Statement[0].Resource[0]",
      "policy › Statement[0].Resource[1]",
    ]);
    expect(policy.diff.changes[2]?.after).toEqual({
      kind: "value",
      text: '"arn:aws:bedrock:eu-west-1::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0"',
    });
  });

  it("says the rotated auth token changed without showing either token", () => {
    for (const token of TOKENS) expect(text).toContain(token);
    const serialised = JSON.stringify(summary);
    for (const token of TOKENS) expect(serialised).not.toContain(token);
    const redis = find(summary, "module.platform.module.elasticache.aws_elasticache_replication_group.this");
    expect(redis.diff.changes).toEqual([
      { path: "auth_token", before: { kind: "sensitive" }, after: { kind: "sensitive" }, forcesReplacement: false },
    ]);
  });

  it("hides moto's refresh noise from the drift, as tofu plan does", () => {
    expect(summary.drift).toEqual([]);
    expect(summary.driftHidden).toBe(23);
  });

  it("needs no admin approval in prod: a node group is not the cluster", () => {
    expect(evaluatePlanPolicy(summary, STRICT).requirements).toEqual([]);
  });
});

describe("dev-drift: an egress rule revoked and a tag added in moto, behind OpenTofu's back", () => {
  const { summary } = load("dev-drift");

  it("re-creates the revoked rule and says it was deleted outside OpenTofu", () => {
    const rule = find(summary, "module.platform.module.eks.aws_vpc_security_group_egress_rule.nodes_https");
    expect(rule).toMatchObject({ kind: "create", outsideChange: "deleted", risks: ["security-group"] });
    expect(summary.drift.map((d) => [d.address, d.kind])).toEqual([[rule.address, "delete"]]);
    expect(summary.highlights[0]?.detail).toBe("created; deleted outside OpenTofu");
  });

  it("removes the hand-made tag and says it was changed outside OpenTofu", () => {
    const vpc = find(summary, "module.platform.module.network.aws_vpc.this");
    expect(vpc).toMatchObject({ kind: "update", outsideChange: "changed" });
    expect(vpc.diff.changes.map((c) => [c.path, c.before, c.after.kind])).toEqual([
      ["tags_all.EditedBy", { kind: "value", text: '"hand"' }, "absent"],
      ["tags.EditedBy", { kind: "value", text: '"hand"' }, "absent"],
    ]);
    expect(summary.counts).toMatchObject({ add: 1, change: 1, destroy: 0, replace: 0 });
  });
});

describe("dev-destroy: tofu plan -destroy of the applied dev", () => {
  const { text, summary } = load("dev-destroy");

  it("destroys all 102 managed resources and highlights the protected ones first", () => {
    expect(summary.counts).toMatchObject({ add: 0, change: 0, destroy: 102, replace: 0 });
    expect(summary.highlights).toHaveLength(102);
    const firstSeven = summary.highlights.slice(0, 7);
    expect(firstSeven.every((h) => h.protectedKind !== null)).toBe(true);
  });

  it("in prod, needs an admin's written approval for the cluster, cache, database and KMS keys", () => {
    const policy = evaluatePlanPolicy(summary, STRICT);
    expect(policy.violations).toEqual([]);
    expect(policy.requirements).toHaveLength(1);
    expect(policy.requirements[0]?.resources.map((r) => [r.protectedKind, r.address])).toEqual([
      ["cluster", "module.platform.module.eks.aws_eks_cluster.this"],
      ["kms-key", "module.platform.module.eks.aws_kms_key.secrets"],
      ["cache", "module.platform.module.elasticache.aws_elasticache_replication_group.this"],
      ["kms-key", "module.platform.module.elasticache.aws_kms_key.this[0]"],
      ["kms-key", "module.platform.module.monitoring.aws_kms_key.logs"],
      ["database", "module.platform.module.rds.aws_db_instance.this"],
      ["kms-key", "module.platform.module.rds.aws_kms_key.this"],
    ]);
    expect(evaluatePlanPolicy(summary, lax("dev")).requirements).toEqual([]);
    expect(evaluatePlanPolicy(summary, lax("staging")).requirements).toEqual([]);
  });

  it("masks the token in what it destroys too", () => {
    expect(text).toContain(TOKENS[0]);
    expect(JSON.stringify(summary)).not.toContain(TOKENS[0]);
  });
});
