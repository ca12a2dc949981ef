// The environment page earns its place (issue 13 item 12), in Chromium against the sandbox world
// (E2E_WITH_WORLD=1): its Argo CD applications with their state, node groups from EKS, the nodes
// running its namespace, Warning events, promotions into it and its infrastructure runs; axe clean.
import AxeBuilder from "@axe-core/playwright";
import { expect, signInAs, test } from "./fixtures";

for (const email of ["viewer@nura.local", "approver@nura.local"]) {
  test(`the staging page shows its applications, nodes, events, promotions and infra runs (${email})`, async ({
    page,
  }) => {
    await signInAs(page, email, "/environments/staging");
    await expect(page.getByRole("heading", { level: 1, name: "Staging" })).toBeVisible();
    // Applications with their Argo CD state, each linking to its page.
    await expect(page.getByRole("link", { name: /nura-core/ }).first()).toBeVisible();
    for (const h of [
      "Node groups",
      "Nodes running nura-staging",
      "Warning events in nura-staging",
      "Promotions into Staging",
      "Infrastructure runs",
    ]) {
      await expect(page.getByRole("heading", { name: h })).toBeVisible();
    }
    const nodes = page.getByTestId("nodes");
    await expect(nodes.getByRole("rowheader").first()).toHaveText(/compute\.internal/);
    await expect(nodes).toContainText("nura-core");
    await expect(page.getByTestId("node-groups").or(page.getByText("The cluster has no node groups."))).toBeVisible();
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
    const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(serious, JSON.stringify(serious.map((v) => [v.id, v.nodes.map((n) => n.target)]))).toEqual([]);
    await page.screenshot({ path: test.info().outputPath(`environment-${email.split("@")[0]}.png`), fullPage: true });
  });
}
