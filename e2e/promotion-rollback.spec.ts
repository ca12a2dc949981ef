// Rolling back from a promotion's page, in Chromium against a portal wired to the sandbox world
// (scripts/test/e2e.sh with E2E_WITH_WORLD=1, on e2e/catalog.yaml's 1-minute verification window):
// nura-ui is promoted to staging twice, then an approver rolls staging back from the second
// promotion's page to the first one's tag — confirm step, written reason — and watches the
// rollback commit, sync and verify on that page. A developer sees the button refused with the
// reason. Uses nura-ui so the nura-core journey (e2e/promotions.spec.ts) finds its world untouched.
import { execFileSync } from "node:child_process";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";
import { cloneGitops, commitTag } from "../tests/sandbox/helpers";
import { signedIn, test } from "./fixtures";

const DEPLOY_TIMEOUT = 3 * 60_000;
const APP = "nura-ui";
test.setTimeout(14 * 60_000);

const status = (page: Page) => page.getByTestId("promotion-status").first();

/** Jenkins' deploy of `tag` to dev (a GitOps commit; dev auto-syncs). */
function toDev(tag: string) {
  const clone = cloneGitops(process.env.GITOPS_REPO_URL!);
  commitTag(clone, `helm/${APP}/values-dev.yaml`, tag, `ci(${APP}): ${tag} to dev`);
}

/** The developer requests `tag` dev → staging once dev runs it; the approver approves; it succeeds. */
async function promoteToStaging(developer: Page, approver: Page, tag: string): Promise<string> {
  // Dev auto-syncs the commit: the overview shows it running there first.
  await developer.goto("/");
  await expect(developer.getByTestId(`cell-${APP}-dev`).getByTestId("image-tag")).toHaveText(tag, {
    timeout: 60_000,
  });
  const request = developer.getByRole("button", { name: `Request ${tag} → staging` });
  await expect
    .poll(
      async () => {
        await developer.goto(`/promotions/new?app=${APP}&to=staging`);
        return request.isEnabled().catch(() => false);
      },
      { timeout: 60_000, intervals: [2_000] },
    )
    .toBe(true);
  await request.click();
  await developer.waitForURL(/\/promotions\/[0-9a-f-]{36}$/);
  const id = developer.url().split("/").at(-1)!;
  await approver.goto(`/promotions/${id}`);
  await approver.getByRole("button", { name: "Approve", exact: true }).click();
  await expect(status(approver)).toHaveText("succeeded", { timeout: DEPLOY_TIMEOUT });
  return id;
}

test("an approver rolls staging back from a promotion's page to an earlier one, with a reason, and watches it deploy", async ({
  browser,
}) => {
  const developer = await signedIn(browser, "developer@nura.local");
  const ana = await signedIn(browser, "approver@nura.local");
  const stamp = Date.now().toString(36);
  const [good, newer] = [`4.1.0-rb${stamp}`, `4.2.0-rb${stamp}`];

  toDev(good);
  const first = await promoteToStaging(developer, ana, good);
  toDev(newer);
  const second = await promoteToStaging(developer, ana, newer);

  // A developer may not roll back in staging: the button says why.
  await developer.goto(`/promotions/${second}`);
  const devPanel = developer.getByTestId("rollback");
  await expect(devPanel.getByRole("button", { name: "Roll back…" })).toBeDisabled();
  await expect(devPanel).toContainText("rolling back in staging needs the approver or admin role there");

  // The approver: choose, write why (too short is refused before it is sent), confirm.
  await ana.goto(`/promotions/${second}`);
  const panel = ana.getByTestId("rollback");
  await panel.getByRole("button", { name: "Roll back…" }).click();
  await expect(panel.getByLabel("Go back to")).toHaveValue(first);
  await expect(panel.getByLabel("Go back to").locator("option")).toHaveCount(1);
  const confirm = panel.getByRole("button", { name: `Roll back staging to ${good}` });
  await expect(confirm).toBeDisabled();
  await panel.getByLabel(/^Why/).fill("too short");
  await expect(confirm).toBeDisabled();
  await expectNoSeriousAxe(ana);
  const reason = `${newer} breaks the sign-in page`;
  await panel.getByLabel(/^Why/).fill(reason);
  await confirm.click();

  // Its progress on this page, live: requested → … → succeeded, with its commit.
  const run = panel.getByTestId("rollback-run");
  await expect(run).toHaveCount(1);
  await expect(run).toContainText(`back to ${good} by Ana Approver`);
  await expect(run).toContainText(reason);
  await expect(run.getByTestId("rollback-status")).toHaveText("succeeded", { timeout: DEPLOY_TIMEOUT });
  await expect(run).toContainText(/commit [0-9a-f]{7}/);
  await ana.screenshot({ path: test.info().outputPath("rollback-succeeded.png"), fullPage: true });
  // Staging runs the earlier tag again: there is nothing else to go back to from here.
  await expect(panel.getByRole("button", { name: "Roll back…" })).toBeDisabled();
  await expect(panel).toContainText(`(it runs ${good} now)`);

  // The GitOps repository: staging deploys the earlier tag again, by a commit naming both promotions.
  const repo = process.env.GITOPS_REPO_URL!;
  const values = execFileSync("git", ["-C", repo, "show", `main:helm/${APP}/values-staging.yaml`], {
    encoding: "utf8",
  });
  expect(values).toContain(`tag: "${good}"`);
  const message = execFileSync(
    "git",
    ["-C", repo, "log", "-1", "--format=%an%n%B", "main", "--", `helm/${APP}/values-staging.yaml`],
    { encoding: "utf8" },
  );
  expect(message).toContain("Ana Approver");
  expect(message).toContain(`Rolls-back-to: ${first}`);
  expect(message).toContain(reason);

  // The rollback's own page: a promotion like any other, its request in the timeline by Ana.
  await run.getByRole("link", { name: "open the rollback" }).click();
  await ana.waitForURL(/\/promotions\/[0-9a-f-]{36}$/);
  await expect(status(ana)).toHaveText("succeeded");
  await expect(ana.getByTestId("timeline")).toContainText("Ana Approver");
  await expect(ana.getByTestId("argo-live")).toContainText(good);
});

async function expectNoSeriousAxe(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => [v.id, v.nodes.map((n) => n.target)])).toEqual([]);
}
