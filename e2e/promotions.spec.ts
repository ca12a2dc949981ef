// The promotion journey in Chromium against a portal wired to the sandbox world
// (scripts/test/e2e.sh with E2E_WITH_WORLD=1): nura-core dev → staging → prod with four eyes, one
// approver arriving from the Slack thread's deep link (through sign-in and back), the commit, the
// Argo CD sync and the verification on the page, then a `bad` tag rolled back by itself with a
// revert commit and a Slack reply saying why, and the history + DORA showing these runs.
import AxeBuilder from "@axe-core/playwright";
import { type Browser, expect, type Locator, type Page } from "@playwright/test";
import { cloneGitops, commitTag } from "../tests/sandbox/helpers";
import { LoginPage, signInAs, test } from "./fixtures";

// A deploy in the sandbox: commit + Argo CD sync + health + the verification window.
const DEPLOY_TIMEOUT = 3 * 60_000;
test.setTimeout(15 * 60_000);

/** Page object for /promotions/new?app=…&to=…. */
class RequestPage {
  constructor(readonly page: Page) {}
  async open(app: string, to: string) {
    await this.page.goto(`/promotions/new?app=${app}&to=${to}`);
  }
  get diff(): Locator {
    return this.page.getByTestId("diff");
  }
  get commits(): Locator {
    return this.page.getByTestId("commits");
  }
  get sourceHealth(): Locator {
    return this.page.getByTestId("source-health");
  }
  async request(tag: string, to: string): Promise<string> {
    await this.page.getByRole("button", { name: `Request ${tag} → ${to}` }).click();
    await this.page.waitForURL(/\/promotions\/[0-9a-f-]{36}$/);
    return this.page.url().split("/").at(-1)!;
  }
}

/** Page object for /promotions/<id>. */
class PromotionPage {
  constructor(readonly page: Page) {}
  async open(id: string) {
    await this.page.goto(`/promotions/${id}`);
  }
  get status(): Locator {
    return this.page.getByTestId("promotion-status").first();
  }
  get approvals(): Locator {
    return this.page.getByTestId("approvals");
  }
  button(name: "Approve" | "Reject" | "Cancel"): Locator {
    return this.page.getByRole("button", { name, exact: true });
  }
  async approve(comment: string) {
    await this.page.getByLabel("Comment (optional)").fill(comment);
    await this.button("Approve").click();
  }
  async waitForStatus(status: string | RegExp, timeout = DEPLOY_TIMEOUT) {
    await expect(this.status).toHaveText(status, { timeout });
  }
}

/** The sandbox Slack emulator over HTTP (what a Slack user would see). */
const slack = {
  async messages(): Promise<{ text: string; ts: string; threadTs?: string; permalink: string; blocks: unknown[] }[]> {
    const base = process.env.SANDBOX_SLACK_URL;
    if (!base) throw new Error("SANDBOX_SLACK_URL is unset: run with E2E_WITH_WORLD=1");
    const res = await fetch(`${base}/__sandbox/messages`);
    return ((await res.json()) as { messages: never[] }).messages;
  },
  /** The first message of a promotion's thread (the one whose button opens it). */
  async threadOf(id: string) {
    const all = await slack.messages();
    return all.find((m) => !m.threadTs && JSON.stringify(m.blocks).includes(`/promotions/${id}`));
  },
  async repliesTo(ts: string) {
    return (await slack.messages()).filter((m) => m.threadTs === ts);
  },
};

async function newSignedIn(browser: Browser, email: string, path: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signInAs(page, email, path);
  return page;
}

async function expectNoSeriousAxe(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => [v.id, v.nodes.map((n) => n.target)])).toEqual([]);
}

// Runs on e2e/catalog.yaml (1-minute soak and verification windows; `make e2e` passes it to the world),
// so the whole journey takes a few minutes: ≈ 3.8 min at load 17 on 2 cores.
test("nura-core goes dev → staging → prod with four eyes, a Slack deep link, and a bad tag rolls itself back", async ({
  browser,
}) => {
  const developer = await newSignedIn(browser, "developer@nura.local", "/");
  const ana = await newSignedIn(browser, "approver@nura.local", "/");

  // ── 1. dev → staging from the overview's "Promote" action ──
  const stagingCell = developer.getByTestId("cell-nura-core-staging");
  await expect(stagingCell.getByTestId("behind")).toContainText("behind dev");
  const tag = (await developer.getByTestId("cell-nura-core-dev").getByTestId("image-tag").textContent())!.trim();
  await stagingCell.getByRole("link", { name: `Promote nura-core ${tag} to staging` }).click();
  await developer.waitForURL(/\/promotions\/new\?app=nura-core&to=staging/);
  const request = new RequestPage(developer);
  await expect(request.diff).toContainText(`+  tag: "${tag}"`);
  await expect(request.sourceHealth).toContainText("Healthy");
  await expect(request.commits).toBeVisible();
  await expectNoSeriousAxe(developer);
  const toStaging = await request.request(tag, "staging");

  const devView = new PromotionPage(developer);
  await devView.waitForStatus("requested", 10_000);
  await expect(devView.button("Approve")).toBeDisabled();
  await expect(
    developer.getByText("to approve in staging you need the approver or admin role there (you are developer)"),
  ).toBeVisible();

  const anaView = new PromotionPage(ana);
  await anaView.open(toStaging);
  await expect(anaView.approvals).toContainText("Approvals 0 of 1");
  await anaView.approve("staging looks fine");
  await anaView.waitForStatus("succeeded");
  await expect(ana.getByTestId("commit-sha")).toHaveText(/^[0-9a-f]{7}$/);
  await expect(ana.getByTestId("argo-live")).toContainText("Synced · Healthy");
  await expect(ana.getByTestId("verification")).toBeVisible();
  await expect(anaView.approvals).toContainText("Ana Approver");
  await expect(anaView.approvals).toContainText("staging looks fine");
  await expectNoSeriousAxe(ana);

  // ── 2. staging → prod: two approvers, the second from the Slack thread ──
  await request.open("nura-core", "prod");
  const toProd = await request.request(tag, "prod");
  await anaView.open(toProd);
  await anaView.approve("");
  await expect(anaView.approvals).toContainText("Approvals 1 of 2");
  await expect(anaView.button("Approve")).toBeDisabled();
  await expect(ana.getByText("you already approved this promotion; it needs a different approver")).toBeVisible();

  // Bruno is signed out; he opens the thread in (emulated) Slack and follows the button.
  await expect.poll(() => slack.threadOf(toProd).then(Boolean), { timeout: 20_000 }).toBe(true);
  const thread = (await slack.threadOf(toProd))!;
  const bruno = await (await browser.newContext()).newPage();
  await bruno.goto(thread.permalink);
  await bruno.getByRole("link", { name: "Review and approve" }).first().click();
  await bruno.waitForURL(/\/login\?callbackUrl=/);
  await new LoginPage(bruno).signIn("approver2@nura.local");
  await bruno.waitForURL(new RegExp(`/promotions/${toProd}$`));
  const brunoView = new PromotionPage(bruno);
  await brunoView.approve("prod go");
  await brunoView.waitForStatus("succeeded");
  await expect(brunoView.approvals).toContainText("Approvals 2 of 2");
  await expect(bruno.getByTestId("commit-sha")).toBeVisible();
  await expect(bruno.getByTestId("slack-thread")).toHaveAttribute("href", thread.permalink);
  await expect
    .poll(async () => (await slack.repliesTo(thread.ts)).map((m) => m.text).join("\n"), { timeout: 20_000 })
    .toContain("Succeeded: nura-core");

  // ── 3. a bad tag reaches dev; promoting it to staging rolls itself back ──
  const clone = cloneGitops(process.env.GITOPS_REPO_URL!);
  commitTag(clone, "helm/nura-core/values-dev.yaml", "9.9.0-bad", "ci: nura-core 9.9.0-bad to dev");
  await developer.goto("/");
  await expect(developer.getByTestId("cell-nura-core-dev").getByTestId("image-tag")).toHaveText("9.9.0-bad", {
    timeout: 30_000,
  });
  await request.open("nura-core", "staging");
  const bad = await request.request("9.9.0-bad", "staging");
  await anaView.open(bad);
  await anaView.approve("let's see");
  await anaView.waitForStatus("rolled back", 2 * DEPLOY_TIMEOUT);
  await expect(ana.getByTestId("revert-sha")).toHaveText(/^[0-9a-f]{7}$/);
  await expect(ana.getByTestId("failure-reason")).toContainText(/Degraded|verification/i);
  const badThread = (await slack.threadOf(bad))!;
  await expect
    .poll(async () => (await slack.repliesTo(badThread.ts)).map((m) => JSON.stringify(m.blocks)).join("\n"), {
      timeout: 20_000,
    })
    .toContain("*Why:*");

  // ── 4. history and DORA show the three runs ──
  await developer.goto("/promotions?application=nura-core");
  const history = developer.getByTestId("promotion-history");
  await expect(history.getByRole("row")).toHaveCount(4);
  await expect(history).toContainText("rolled back");
  await expect(developer.getByTestId("dora-failure-rate")).toHaveText("33.3 %");
  await expect(developer.getByTestId("dora-deployments-chart")).toBeVisible();
  await expectNoSeriousAxe(developer);
  await developer.getByRole("button", { name: "Switch to dark theme" }).click();
  await expectNoSeriousAxe(developer);
});
