import { describe, expect, it } from "vitest";
import { classifyActions, describeActionReason } from "./actions";
import { PlanFormatError, parsePlanJson } from "./plan-schema";
import { isEmptyPlan, summarisePlan } from "./summarise";

// Small hand-written plans in the documented shape; the real ones are under fixtures/ (fixtures.test.ts).
type Actions = string[];
function rc(
  address: string,
  actions: Actions,
  change: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
) {
  const parts = address.split(".");
  const [type = "", name = ""] = parts.slice(-2);
  const moduleAddress = parts.length > 2 ? parts.slice(0, -2).join(".") : undefined;
  return {
    address,
    ...(moduleAddress ? { module_address: moduleAddress } : {}),
    mode: "managed",
    type,
    name: name.replace(/\[.*\]$/, ""),
    provider_name: "registry.opentofu.org/hashicorp/aws",
    change: {
      actions,
      before: null,
      after: null,
      after_unknown: {},
      before_sensitive: false,
      after_sensitive: false,
      ...change,
    },
    ...extra,
  };
}
function plan(resource_changes: unknown[], more: Record<string, unknown> = {}) {
  return { format_version: "1.2", terraform_version: "1.12.6", resource_changes, ...more, planned_values: {} };
}

describe("classifyActions", () => {
  it("treats create+delete in either order as a replacement and keeps the order", () => {
    expect(classifyActions(["delete", "create"])).toEqual({ kind: "replace", replaceOrder: "delete-then-create" });
    expect(classifyActions(["create", "delete"])).toEqual({ kind: "replace", replaceOrder: "create-then-delete" });
    expect(classifyActions(["no-op"])).toEqual({ kind: "no-op" });
    expect(classifyActions(["forget"])).toEqual({ kind: "forget" });
  });

  it("puts reasons in words and passes unknown codes through readable", () => {
    expect(describeActionReason("replace_because_cannot_update")).toMatch(/cannot make a requested change in place/);
    expect(describeActionReason("something_new_later")).toBe("something new later");
    expect(describeActionReason(undefined)).toBeUndefined();
  });
});

describe("summarisePlan", () => {
  const p = plan(
    [
      rc(
        "module.platform.module.rds.aws_db_instance.this",
        ["delete", "create"],
        {
          before: { instance_class: "db.t4g.micro", password: "hunter2-db" },
          after: { instance_class: "db.t4g.small", password: "hunter2-db" },
          before_sensitive: { password: true },
          after_sensitive: { password: true },
          after_unknown: { id: true },
          replace_paths: [["instance_class"]],
        },
        { action_reason: "replace_because_cannot_update" },
      ),
      rc("module.platform.module.iam.aws_iam_role_policy.this", ["update"], {
        before: { policy: '{"a":1}' },
        after: { policy: '{"a":2}' },
      }),
      rc("module.platform.module.network.aws_subnet.public[0]", ["create"], { after: { cidr_block: "10.0.0.0/20" } }),
      rc("module.platform.module.network.aws_subnet.public[1]", ["create"], { after: { cidr_block: "10.0.16.0/20" } }),
      rc("module.platform.module.eks.aws_security_group.nodes", ["create", "delete"], { before: {}, after: {} }),
      rc(
        "module.platform.module.monitoring.aws_cloudwatch_log_group.app",
        ["delete"],
        {
          before: { name: "/nura/app" },
        },
        { action_reason: "delete_because_no_resource_config" },
      ),
      rc("aws_sns_topic.alarms", ["no-op"], { before: { name: "x" }, after: { name: "x" } }),
      {
        ...rc("data.aws_caller_identity.current", ["read"]),
        mode: "data",
        type: "aws_caller_identity",
        name: "current",
      },
      rc("module.platform.aws_kms_key.moved", ["no-op"], {}, { previous_address: "aws_kms_key.old" }),
    ],
    {
      output_changes: {
        // As tofu show -json writes them: the change representation itself…
        cluster_name: {
          actions: ["create"],
          before: null,
          after: "nura-dev",
          after_unknown: false,
          before_sensitive: false,
          after_sensitive: false,
        },
        redis_auth: {
          actions: ["update"],
          before: "tok-1",
          after: "tok-2",
          after_unknown: false,
          before_sensitive: true,
          after_sensitive: true,
        },
        // …or wrapped in {"change": …} as the format page shows it.
        same: { change: { actions: ["no-op"], before: 1, after: 1, after_unknown: false } },
      },
      resource_drift: [
        rc("aws_sns_topic.alarms", ["update"], {
          before: { name: "x", tags: {}, arn: "" },
          after: { name: "x", tags: { by: "hand" }, arn: "arn:aws:sns:x" },
        }),
        // Refresh noise: nothing the plan depends on.
        rc("aws_eip.nat", ["update"], { before: { private_dns: "" }, after: { private_dns: "ip-10-0-0-1" } }),
        rc("aws_vpc_security_group_egress_rule.https", ["delete"], { before: { from_port: 443 } }),
      ],
      relevant_attributes: [{ resource: "aws_sns_topic.alarms", attribute: ["tags"] }],
      variables: { redis_auth_token: { value: "variable-secret-value" } },
    },
  );
  const s = summarisePlan(p);

  it("counts add / change / destroy / replace, excluding no-op and read", () => {
    expect(s.counts).toEqual({ add: 2, change: 1, destroy: 1, replace: 2, forget: 0, read: 1, unchanged: 2 });
  });

  it("groups reviewed resources by module then type, root first, listing moves but not plain no-ops", () => {
    expect(s.groups.map((g) => [g.moduleAddress, g.types.map((t) => `${t.type}:${t.resources.length}`)])).toEqual([
      ["module.platform", ["aws_kms_key:1"]],
      ["module.platform.module.eks", ["aws_security_group:1"]],
      ["module.platform.module.iam", ["aws_iam_role_policy:1"]],
      ["module.platform.module.monitoring", ["aws_cloudwatch_log_group:1"]],
      ["module.platform.module.network", ["aws_subnet:2"]],
      ["module.platform.module.rds", ["aws_db_instance:1"]],
    ]);
    const network = s.groups.find((g) => g.moduleAddress === "module.platform.module.network");
    expect(network?.counts.add).toBe(2);
    const moved = s.groups[0]?.types[0]?.resources[0];
    expect(moved).toMatchObject({ kind: "no-op", previousAddress: "aws_kms_key.old" });
  });

  it("shows the replacement's forcing path, reason and order in words", () => {
    const db = s.groups.find((g) => g.moduleAddress?.endsWith("rds"))?.types[0]?.resources[0];
    expect(db).toMatchObject({
      kind: "replace",
      replaceOrder: "delete-then-create",
      replacePaths: ["instance_class"],
      actionReason: "replace_because_cannot_update",
      protectedKind: "database",
    });
    expect(db?.reasonText).toMatch(/in place/);
    expect(db?.replaceOrderText).toMatch(/destroyed first/);
    expect(db?.diff.changes.find((c) => c.path === "instance_class")?.forcesReplacement).toBe(true);
  });

  it("highlights destroys first, then replacements, IAM and security-group changes", () => {
    expect(s.highlights.map((h) => [h.address, h.categories])).toEqual([
      ["module.platform.module.monitoring.aws_cloudwatch_log_group.app", ["destroy"]],
      // A database before a security group: protected kinds first within a category.
      ["module.platform.module.rds.aws_db_instance.this", ["replace"]],
      ["module.platform.module.eks.aws_security_group.nodes", ["replace", "security-group"]],
      ["module.platform.module.iam.aws_iam_role_policy.this", ["iam"]],
    ]);
    expect(s.highlights[0]?.detail).toMatch(/no longer in the configuration/);
    expect(s.highlights[1]?.detail).toMatch(/^replaced: .*in place \(forced by instance_class\)$/);
  });

  it("summarises output changes (masked) and drift", () => {
    expect(s.outputs.map((o) => [o.name, o.kind, o.changes.map((c) => c.after.kind)])).toEqual([
      ["cluster_name", "create", ["value"]],
      ["redis_auth", "update", ["sensitive"]],
    ]);
    // tofu plan's rule: deletions always, updates only under relevant_attributes.
    expect(s.drift.map((d) => [d.address, d.kind, d.diff.changes.map((c) => c.path)])).toEqual([
      ["aws_sns_topic.alarms", "update", ["tags.by"]],
      ["aws_vpc_security_group_egress_rule.https", "delete", ["from_port"]],
    ]);
    expect(s.driftHidden).toBe(1);
  });

  it("holds no sensitive value anywhere in the summary (resources, outputs, variables)", () => {
    const text = JSON.stringify(s);
    for (const secret of ["hunter2-db", "tok-1", "tok-2", "variable-secret-value"]) expect(text).not.toContain(secret);
  });

  it("is not empty while anything would change; a plan of no-ops and reads is", () => {
    expect(isEmptyPlan(s)).toBe(false);
    const empty = summarisePlan(
      plan([rc("aws_sns_topic.alarms", ["no-op"]), { ...rc("data.x.y", ["read"]), mode: "data" }]),
    );
    expect(isEmptyPlan(empty)).toBe(true);
    const outputsOnly = summarisePlan(
      plan([], { output_changes: { a: { actions: ["create"], before: null, after: "x" } } }),
    );
    expect(isEmptyPlan(outputsOnly)).toBe(false);
  });
});

describe("parsePlanJson", () => {
  it("reads text or parsed JSON and tolerates fields it does not read", () => {
    const parsed = parsePlanJson(
      JSON.stringify({ format_version: "1.2", resource_changes: [], checks: [], future_field: 1 }),
    );
    expect(parsed.resource_changes).toEqual([]);
    expect(parsed.errored).toBe(false);
  });

  it.each([
    ["not JSON", "{nope", /plan is not JSON/],
    ["an array", [], /must be a JSON object/],
    ["a state file's major version", { format_version: "2.0", resource_changes: [] }, /format_version: unsupported/],
    [
      "a change without actions",
      {
        format_version: "1.2",
        resource_changes: [{ address: "a.b", mode: "managed", type: "a", name: "b", change: {} }],
      },
      /resource_changes\[0\]\.change\.actions/,
    ],
    [
      "an action the format does not define",
      {
        format_version: "1.2",
        resource_changes: [{ address: "a.b", mode: "managed", type: "a", name: "b", change: { actions: ["explode"] } }],
      },
      /resource_changes\[0\]\.change\.actions\[0\]/,
    ],
  ])("refuses %s with a PlanFormatError naming the problem", (_, input, message) => {
    expect(() => parsePlanJson(input)).toThrow(PlanFormatError);
    expect(() => parsePlanJson(input)).toThrow(message);
  });
});
