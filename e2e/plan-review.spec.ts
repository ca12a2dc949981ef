// Plan review in Chromium: the sandbox page renders the committed real plans (tofu + moto) with
// <PlanReview>, the components the infrastructure run page uses. Light and dark themes, axe, keyboard.
// E2E_SCREENSHOTS=<dir> also saves screenshots there to look at (the top of the page, and one resource).
import AxeBuilder from "@axe-core/playwright";
import { expect, type Locator, type Page } from "@playwright/test";
import { signInAs, test } from "./fixtures";

async function seriousAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => [v.id, v.nodes.slice(0, 3).map((n) => n.target)]);
}

async function screenshot(page: Page, name: string, resource?: Locator) {
  const dir = process.env.E2E_SCREENSHOTS;
  if (!dir) return;
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${dir}/${name}.png` });
  if (resource) await resource.screenshot({ path: `${dir}/${name}-resource.png` });
}

test("a destroy plan in prod: risky changes first, the admin-approval requirement, expandable masked diffs", async ({
  page,
}) => {
  await signInAs(page, "developer@nura.local", "/sandbox/plan-review?plan=dev-destroy&env=prod");
  await expect(page.getByRole("heading", { name: "Sandbox plan review", level: 1 })).toBeVisible();
  await expect(page.getByTestId("plan-count-destroy")).toContainText("102");
  await expect(page.getByTestId("plan-count-add")).toContainText("0");

  const policy = page.getByTestId("plan-policy");
  await expect(policy).toContainText("admin approval with a reason");
  await expect(policy).toContainText("destroy database module.platform.module.rds.aws_db_instance.this");

  // The highlight links to the resource, which opens on click and shows what it removes, token masked.
  const highlights = page.getByTestId("plan-highlights");
  await expect(highlights.getByRole("link").first()).toContainText("aws_eks_cluster.this");
  const redis = page
    .getByTestId("plan-resource")
    .filter({ hasText: "module.platform.module.elasticache.aws_elasticache_replication_group.this" });
  await redis.locator("summary").focus();
  await page.keyboard.press("Enter");
  await expect(redis).toHaveAttribute("open", "");
  await expect(redis.getByRole("row", { name: /^auth_token \(/ })).toContainText("(sensitive value)");
  await expect(page.locator("body")).not.toContainText("sandbox-only-redis-token");

  for (const theme of ["light", "dark"] as const) {
    if (theme === "dark") await page.getByRole("button", { name: "Switch to dark theme" }).click();
    await expect(page.locator("html")).toHaveAttribute("data-theme", theme);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, `plan-review-destroy-prod-${theme}`, redis);
  }
});

test("a change plan: the replacement's reason and forcing attribute, the IAM statement, and no policy requirement in dev", async ({
  page,
}) => {
  await signInAs(page, "developer@nura.local", "/sandbox/plan-review?plan=dev-change&env=dev");
  await expect(page.getByTestId("plan-count-change")).toContainText("4");
  await expect(page.getByTestId("plan-count-replace")).toContainText("1");
  await expect(page.getByTestId("plan-policy")).toContainText("No policy rule applies");

  const nodeGroup = page.getByTestId("plan-resource").filter({ hasText: 'aws_eks_node_group.this["application"]' });
  await nodeGroup.locator("summary").click();
  await expect(nodeGroup).toContainText("Replacement forced by: instance_types.");
  await expect(nodeGroup).toContainText("the provider cannot make a requested change in place");
  await expect(nodeGroup.getByRole("row", { name: /instance_types\[0\]/ })).toContainText("forces replacement");

  const policy = page.getByTestId("plan-resource").filter({ hasText: 'aws_iam_role_policy.this["nura-core"]' });
  await policy.locator("summary").click();
  await expect(policy.getByRole("row", { name: /Statement\[0\]\.Resource\[1\]/ })).toContainText("claude-3-5-sonnet");

  const redis = page.getByTestId("plan-resource").filter({ hasText: "aws_elasticache_replication_group.this" });
  await redis.locator("summary").click();
  await expect(redis.getByRole("row", { name: /^auth_token \(/ })).toHaveText(
    /\(sensitive value\).*\(sensitive value\)/,
  );
  expect(await seriousAxeViolations(page)).toEqual([]);
  await screenshot(page, "plan-review-change-dev-light", nodeGroup);
});
