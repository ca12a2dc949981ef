// A machine without the OpenTofu toolchain, as a newcomer's first plan meets it: the plan job's first
// stage fails fast, and the run page says what to do. Runs on a world whose Jenkins agent has no
// tofu (SANDBOX_JENKINS_TOOLCHAIN=none, `make e2e-tofu`), so it needs no toolchain itself.
import { expect } from "@playwright/test";
import { signInAs, test } from "./fixtures";
import { InfrastructurePage, RunPage, screenshot } from "./infra-pages";

// Fast: the toolchain check is the job's first stage, before any tofu or AWS call (measured: the
// click to the failure 4.1–5.5 s at load 27 on 2 cores); a minute leaves room for a slow agent
// without hiding a job that waits on something (a tofu init would take longer).
const FAIL_FAST = 60_000;

test("without the toolchain a plan fails fast in its first stage and the page says to run make toolchain @no-toolchain", async ({
  page,
}) => {
  test.setTimeout(2 * FAIL_FAST);
  await signInAs(page, "approver@nura.local", "/infrastructure");
  const infra = new InfrastructurePage(page);
  await expect(infra.environment("dev").getByTestId("lock")).toHaveText("free");
  const clicked = Date.now();
  await infra.plan("dev");
  const run = new RunPage(page);
  await run.waitForEnd(FAIL_FAST);
  console.log(`no-toolchain plan: failed ${((Date.now() - clicked) / 1000).toFixed(1)} s after the click`);
  await expect(run.status).toHaveText("failed");
  await expect(run.failure).toContainText("missing tools: tofu (run 'make toolchain')");
  await expect(run.failure).toContainText("The Jenkins agent has no OpenTofu toolchain: run `make toolchain` on it");
  await expect(run.stages).toContainText("Toolchain: failed");
  await expect(run.stages).not.toContainText("Plan: success");
  await expect(page.getByTestId("run-lock")).toHaveText("not held");
  await expect(page.getByText("No action is open on this run.")).toBeVisible();
  await screenshot(page, "infra-no-toolchain");
  // Not left locked: the environment can be planned again once the toolchain is there.
  await infra.open();
  await expect(infra.environment("dev").getByTestId("lock")).toHaveText("free");
});
