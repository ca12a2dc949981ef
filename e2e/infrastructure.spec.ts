// Plan → review → approve → apply of dev on the sandbox, in Chromium: Jenkins (emulator) runs the
// real nura-infra-plan/apply jobs, OpenTofu against moto. Needs the toolchain (`make toolchain`) and
// a portal wired to the world (scripts/test/e2e.sh with E2E_WITH_WORLD=1). No retries: a flaky step
// is a bug. Also checks that a second plan while one runs is refused with the holder's name; then,
// on the applied dev, drift made in AWS behind OpenTofu's back and a tampered plan file.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DescribeClusterCommand, EKSClient, TagResourceCommand } from "@aws-sdk/client-eks";
import { expect } from "@playwright/test";
import { signInAs, test } from "./fixtures";
import { InfrastructurePage, RunPage, screenshot } from "./infra-pages";

// tofu plan + apply of ~100 resources against moto takes minutes on a shared 2-core machine.
const RUN_TIMEOUT = 12 * 60_000;

// The drift test works on the environment the first test applied.
test.describe.configure({ mode: "serial" });

test("a platform engineer plans dev, another approver approves, the apply creates the environment @tofu", async ({
  browser,
}) => {
  test.setTimeout(3 * RUN_TIMEOUT);
  const ana = await browser.newPage();
  // Before any apply dev has no EKS cluster. The overview says so — EKS answered, so it is not an
  // outage among the degraded sources — and links to where it is created.
  await signInAs(ana, "approver@nura.local", "/");
  await expect(ana.getByTestId("cluster-absent-dev")).toHaveText("not created");
  await expect(ana.getByTestId("source-status")).not.toContainText("EKS dev");
  await ana.getByTestId("cluster-dev").getByRole("link", { name: "Plan and apply dev" }).click();
  await expect(ana).toHaveURL(/\/infrastructure$/);
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
  await new InfrastructurePage(bruno).environment("dev").getByRole("button", { name: "Plan dev", exact: true }).click();
  await expect(new InfrastructurePage(bruno).environment("dev").getByRole("alert")).toContainText(
    "dev is locked by Ana Approver",
  );

  await plan.waitForEnd(RUN_TIMEOUT);
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
  await apply.waitForEnd(RUN_TIMEOUT);
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

test("drift made in AWS behind OpenTofu's back: a drift check finds it, the overview links it; a tampered plan file is refused by the apply job @tofu", async ({
  browser,
}) => {
  test.setTimeout(2 * RUN_TIMEOUT);
  // Someone tags dev's EKS cluster by hand, in AWS (moto) directly: OpenTofu's state knows nothing of it.
  const eks = new EKSClient({ endpoint: process.env.AWS_ENDPOINT_URL_EKS, region: process.env.AWS_REGION });
  const { cluster } = await eks.send(new DescribeClusterCommand({ name: "nura-dev" }));
  await eks.send(new TagResourceCommand({ resourceArn: cluster!.arn!, tags: { "changed-by": "hand" } }));

  const ana = await browser.newPage();
  await signInAs(ana, "approver@nura.local", "/infrastructure");
  const infra = new InfrastructurePage(ana);
  await infra.checkDrift("dev");
  const check = new RunPage(ana);
  const checkId = check.id;
  await expect(ana.getByText("(drift check)")).toBeVisible();
  await check.waitForEnd(RUN_TIMEOUT);
  await expect(check.status).toHaveText("succeeded");
  await expect(ana.getByTestId("drift-verdict")).toContainText("found");
  // The plan puts the cluster's tags back: the hand-made tag is the change.
  await expect(ana.getByTestId("plan-count-change")).toHaveText(/^\s*[1-9]\d*\s*to change\s*$/);
  const clusterChange = ana.getByTestId("plan-resource").filter({ hasText: "aws_eks_cluster.this" });
  await clusterChange.locator("summary").click();
  await expect(clusterChange).toContainText("changed-by");
  await screenshot(ana, "infra-drift-check");

  // The Infrastructure page and the overview show dev drifted, linking to the drift check.
  await infra.open();
  await expect(infra.environment("dev").getByTestId("drift")).toHaveText("drift");
  await ana.goto("/");
  const badge = ana.getByTestId("drift-dev");
  await expect(badge).toHaveText("infra drift", { timeout: 30_000 });
  await expect(ana.getByTestId("drift-staging")).toHaveCount(0);
  await screenshot(ana, "infra-drift-overview");
  await badge.click();
  await ana.waitForURL(`**/infrastructure/runs/${checkId}`);

  // Another approver approves the drift check's plan; then its plan file is tampered with in
  // Jenkins' archive (plan.sha256 still shows the approved hash, so the portal lets the apply start).
  const bruno = await browser.newPage();
  await signInAs(bruno, "approver2@nura.local", `/infrastructure/runs/${checkId}`);
  await bruno.getByRole("button", { name: "Approve plan" }).click();
  await expect(bruno.getByTestId("approval")).toContainText("approved by Bruno Approver");
  const { buildNumber, planSha256 } = await check.dto();
  const archived = join(
    process.env.SANDBOX_DATA_DIR!,
    "jenkins/jobs/nura-infra-plan/builds",
    String(buildNumber),
    "archive/artifacts/plan.tfplan",
  );
  writeFileSync(archived, Buffer.concat([readFileSync(archived), Buffer.from("tampered")]));

  await ana.reload();
  await ana.getByRole("button", { name: "Apply plan" }).click();
  await ana.waitForURL((u) => !u.pathname.endsWith(checkId) && u.pathname.startsWith("/infrastructure/runs/"));
  const apply = new RunPage(ana);
  await apply.waitForEnd(RUN_TIMEOUT);
  await expect(apply.status).toHaveText("failed");
  await expect(apply.failure).toContainText(`REFUSED: plan sha256 mismatch for dev — approved ${planSha256}`);
  await expect(apply.failure).toContainText("The plan file in Jenkins is not the one that was approved");
  await expect(apply.console).not.toContainText("Apply complete!");
  await expect(ana.getByTestId("run-lock")).toHaveText("not held");
  await screenshot(ana, "infra-tampered-apply");
  // Nothing was applied: dev still drifts.
  await ana.goto("/");
  await expect(ana.getByTestId("drift-dev")).toBeVisible();
});
