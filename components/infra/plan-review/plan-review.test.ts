import { readFileSync } from "node:fs";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { parseCatalog, planRulesOf } from "@/lib/catalog";
import { evaluatePlanPolicy, summarisePlan } from "@/lib/domain/plan-review";
import { resourceAnchor } from "./change-kind";
import { PlanReview } from "./plan-review";

const shipped = parseCatalog(readFileSync("config/catalog.yaml", "utf8"));

const plan = {
  format_version: "1.2",
  terraform_version: "1.12.6",
  timestamp: "2026-12-01T09:30:00Z",
  resource_changes: [
    {
      address: "module.platform.module.elasticache.aws_elasticache_replication_group.this",
      module_address: "module.platform.module.elasticache",
      mode: "managed",
      type: "aws_elasticache_replication_group",
      name: "this",
      action_reason: "replace_because_cannot_update",
      change: {
        actions: ["delete", "create"],
        before: { node_type: "cache.t4g.micro", auth_token: "very-secret-token" },
        after: { node_type: "cache.t4g.small", auth_token: "rotated-secret-token", arn: null },
        before_sensitive: { auth_token: true },
        after_sensitive: { auth_token: true },
        after_unknown: { arn: true },
        replace_paths: [["node_type"]],
      },
    },
    {
      address: "module.platform.module.iam.aws_iam_role.ebs_csi",
      module_address: "module.platform.module.iam",
      mode: "managed",
      type: "aws_iam_role",
      name: "ebs_csi",
      change: { actions: ["create"], before: null, after: { name: "nura-prod-ebs-csi" }, after_unknown: {} },
    },
  ],
};

function render(environment: string) {
  const summary = summarisePlan(plan);
  return renderToStaticMarkup(
    createElement(PlanReview, { summary, policy: evaluatePlanPolicy(summary, planRulesOf(shipped, environment)) }),
  );
}

describe("PlanReview", () => {
  const html = render("prod");

  it("renders the counts, the risky changes first and each resource as an expandable diff", () => {
    expect(html).toMatch(/data-testid="plan-count-add"><span[^>]*>1<\/span><span>to add/);
    expect(html).toMatch(/data-testid="plan-count-replace"><span[^>]*>1<\/span><span>to replace/);
    expect(html.indexOf("Needs a second look")).toBeLessThan(html.indexOf("Resources by module"));
    const anchor = resourceAnchor("module.platform.module.elasticache.aws_elasticache_replication_group.this");
    expect(html).toContain(`href="#${anchor}"`);
    expect(html).toMatch(new RegExp(`<details class="[^"]*" id="${anchor}"`));
    expect(html).toMatch(/<th scope="row">node_type<b class="[^"]*"> forces replacement<\/b><\/th>/);
    expect(html).toContain("(known after apply)");
    expect(html).toContain("Why: the provider cannot make a requested change in place.");
  });

  it("shows sensitive attributes as masked, never their value", () => {
    expect(html).not.toContain("very-secret-token");
    expect(html).not.toContain("rotated-secret-token");
    expect(html).toContain(
      '<th scope="row">auth_token</th><td><i>(sensitive value)</i></td><td><i>(sensitive value)</i></td>',
    );
    expect(html).toContain("(sensitive value)");
  });

  it("shows the prod policy requirement, and none in dev", () => {
    expect(html).toContain("admin approval with a reason");
    expect(html).toMatch(/replace cache module\.platform\.module\.elasticache/);
    expect(render("dev")).toContain("No policy rule applies");
  });
});
