// Plan → review → approve → apply of dev on the sandbox, in Chromium: Jenkins (emulator) runs the
// real nura-infra-plan/apply jobs, OpenTofu against moto. Needs the toolchain (`make toolchain`) and
// a portal wired to the world (scripts/test/e2e.sh with E2E_WITH_WORLD=1). No retries: a flaky step
// is a bug. Also checks that a second plan while one runs is refused with the holder's name.
import { expect, type Locator, type Page } from "@playwright/test";
import { signInAs, test } from "./fixtures";

// tofu plan + apply of ~100 resources against moto takes minutes on a shared 2-core machine.
const RUN_TIMEOUT = 12 * 60_000;

/** Page object for /infrastructure. */
class InfrastructurePage {
  constructor(readonly page: Page) {}
  environment(env: string): Locator {
    return this.page.getByTestId(`infra-env-${env}`);
  }
  async open() {
    await this.page.goto("/infrastructure");
  }
  async plan(env: string) {
    await this.environment(env)
      .getByRole("button", { name: `Plan ${env}` })
      .click();
    await this.page.waitForURL("**/infrastructure/runs/*");
  }
}

/** Page object for /infrastructure/runs/{id}. */
class RunPage {
  constructor(readonly page: Page) {}
  get status(): Locator {
    return this.page.getByTestId("run-status");
  }
  get console(): Locator {
    return this.page.getByTestId("console");
  }
  get stages(): Locator {
    return this.page.getByTestId("stages");
  }
  get failure(): Locator {
    return this.page.getByTestId("failure");
  }
  async waitForEnd() {
    await expect(this.status).toHaveText(/succeeded|failed|aborted/, { timeout: RUN_TIMEOUT });
  }
}

test("a platform engineer plans dev, another approver approves, the apply creates the environment @tofu", async ({
  browser,
}) => {
  test.setTimeout(3 * RUN_TIMEOUT);
  const ana = await browser.newPage();
  await signInAs(ana, "approver@nura.local", "/infrastructure");
  const infra = new InfrastructurePage(ana);
  await expect(infra.environment("dev").getByTestId("lock")).toHaveText("free");
  await infra.plan("dev");
  const plan = new RunPage(ana);
  const planUrl = ana.url();

  // The live console and the stage list while the build runs.
  await expect(plan.console).toContainText("Started by user", { timeout: 30_000 });
  await expect(plan.stages).toContainText("Toolchain");
  await expect(ana.getByTestId("run-lock")).toContainText("held by Ana Approver");

  // A second plan of dev meanwhile is refused, naming who holds the lock.
  const bruno = await browser.newPage();
  await signInAs(bruno, "approver2@nura.local", "/infrastructure");
  await new InfrastructurePage(bruno).environment("dev").getByRole("button", { name: "Plan dev" }).click();
  await expect(new InfrastructurePage(bruno).environment("dev").getByRole("alert")).toContainText(
    "dev is locked by Ana Approver",
  );

  await plan.waitForEnd();
  await expect(plan.status).toHaveText("succeeded");
  await expect(plan.console).toContainText("Finished: SUCCESS");
  // Review: the real resource changes of the plan.
  await expect(ana.getByTestId("plan-count-add")).toHaveText(/^\s*[1-9]\d*\s*to add\s*$/);
  await expect(ana.getByTestId("plan-resource").first()).toBeVisible();
  await expect(ana.getByTestId("plan-sha256")).toHaveText(/^[0-9a-f]{64}$/);
  await expect(ana.getByTestId("run-lock")).toHaveText("not held");

  // Another approver approves.
  await bruno.goto(planUrl);
  await bruno.getByRole("button", { name: "Approve plan" }).click();
  await expect(bruno.getByTestId("approval")).toContainText("approved by Bruno Approver");

  // The requester applies it; the apply is bound to the plan's sha256.
  await ana.reload();
  await ana.getByRole("button", { name: "Apply plan" }).click();
  await ana.waitForURL((u) => u.href !== planUrl && u.pathname.startsWith("/infrastructure/runs/"));
  const apply = new RunPage(ana);
  await expect(apply.console).toContainText("plan sha256 matches the approved one", { timeout: RUN_TIMEOUT });
  await apply.waitForEnd();
  await expect(apply.status).toHaveText("succeeded");
  await expect(apply.console).toContainText("Apply complete!");

  // The environment now has the EKS cluster the apply created (moto, through the EKS adapter).
  await ana.goto("/");
  await expect(ana.getByTestId("cluster-dev")).toContainText("nura-dev", { timeout: 30_000 });
  await expect(ana.getByTestId("cluster-dev")).toContainText("ACTIVE");
  // The applied plan cannot be applied again.
  await ana.goto(planUrl);
  await expect(ana.getByTestId("approval")).toContainText("already applied");
});
