// Overview → application page in Chromium, against a portal wired to the sandbox world
// (scripts/test/e2e.sh with E2E_WITH_WORLD=1).
import { expect, type Locator, type Page } from "@playwright/test";
import { signInAs, test } from "./fixtures";

/** Page object for the overview (/). */
class OverviewPage {
  constructor(readonly page: Page) {}
  get matrix(): Locator {
    return this.page.getByTestId("app-matrix");
  }
  environmentCard(env: string): Locator {
    return this.page.getByTestId(`env-${env}`);
  }
  cell(argoApp: string): Locator {
    return this.page.getByTestId(`cell-${argoApp}`);
  }
  async openApplication(app: string, env: string) {
    await this.cell(`${app}-${env}`)
      .getByRole("link", { name: new RegExp(`^${app} in ${env}:`) })
      .click();
    await this.page.waitForURL(`**/applications/${app}/${env}`);
  }
}

/** Page object for /applications/{app}/{env}. */
class ApplicationPage {
  constructor(readonly page: Page) {}
  get argoStatus(): Locator {
    return this.page.getByTestId("argo-status");
  }
  get operation(): Locator {
    return this.page.getByTestId("operation");
  }
  async confirm(action: "Sync" | "Refresh", argoApp: string) {
    await this.page.getByRole("button", { name: action, exact: true }).click();
    const dialog = this.page.getByRole("dialog");
    await expect(dialog).toBeVisible();
    await dialog.getByRole("button", { name: `${action} ${argoApp}` }).click();
  }
  async pickRange(range: "1h" | "6h" | "24h" | "7d") {
    await this.page.getByRole("button", { name: range, exact: true }).click();
    await expect(this.page.getByRole("button", { name: range, exact: true })).toHaveAttribute("aria-pressed", "true");
  }
}

test("the overview shows live state from the sandbox and leads to an application page with an audited sync", async ({
  page,
}) => {
  await signInAs(page, "approver@nura.local", "/");
  const overview = new OverviewPage(page);
  await expect(page.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();
  await expect(page.getByTestId("source-status")).toContainText("All sources live");

  // Environment cards: EKS cluster from moto, workloads from the Kubernetes emulator, metrics from Prometheus.
  const prod = overview.environmentCard("prod");
  await expect(prod.getByTestId("cluster-prod")).toContainText("nura-prod");
  await expect(prod.getByTestId("cluster-prod")).toContainText("ACTIVE");
  await expect(prod.getByTestId("workloads-prod")).toContainText(/\d+\/\d+ ready/);
  await expect(prod.getByText("Request rate")).toBeVisible();
  await expect(prod.locator(".recharts-surface").first()).toBeVisible();

  // Matrix: a cell per application × environment with Argo CD's sync/health and the image tag.
  const cell = overview.cell("nura-core-staging");
  await expect(cell).toContainText(/Synced|OutOfSync/);
  await expect(cell.getByTestId("image-tag")).toHaveText(/^\d+\.\d+\.\d+/);

  await overview.openApplication("nura-core", "staging");
  const app = new ApplicationPage(page);
  await expect(page.getByRole("heading", { name: "nura-core in Staging" })).toBeVisible();
  await expect(app.argoStatus).toContainText("nura-core-staging");
  // One row per pod: helm/nura-core/values-staging.yaml asks for 2 replicas, each Ready.
  const pods = page.getByTestId("pods").locator("tbody tr");
  await expect(pods).toHaveCount(2);
  for (const row of await pods.all()) {
    await expect(row).toContainText(/^nura-core-[a-z0-9]+-[a-z0-9]+/);
    await expect(row).toContainText("Ready");
  }
  await expect(page.getByTestId("history")).toBeVisible();

  // Range picker keeps the Grafana deep link in step.
  await app.pickRange("6h");
  await expect(page).toHaveURL(/range=6h/);
  await expect(page.getByTestId("grafana-link")).toHaveAttribute(
    "href",
    /from=now-6h.*var-env=staging.*var-app=nura-core/,
  );

  // Other specs sync nura-core/staging as this user on the same portal too: this sync's events are the
  // ones added from here on.
  const mySyncEvents = async (outcome: string) => {
    const res = await page.request.get("/api/audit?action=argocd.sync&application=nura-core&environment=staging");
    expect(res.status()).toBe(200);
    const { events } = (await res.json()) as { events: { outcome: string; actorEmail: string | null }[] };
    return events.filter((e) => e.actorEmail === "approver@nura.local" && e.outcome === outcome).length;
  };
  const intentsBefore = await mySyncEvents("intent");
  const successesBefore = await mySyncEvents("success");

  // Sync: confirmed, then the operation shows up with this run's start time and finishes.
  await app.confirm("Sync", "nura-core-staging");
  await expect(page.getByRole("status").filter({ hasText: "Sync of nura-core-staging started." })).toBeVisible();
  await expect(app.operation).toContainText(/Running|Succeeded/);
  await expect(app.operation).toContainText("Succeeded", { timeout: 20_000 });
  // Argo CD knows only the portal's account; the page credits the person from the audit log.
  await expect(app.operation).toContainText("by Ana Approver (via portal)");

  // Audited: the audit log shows this sync by this user (the intent before Argo CD, then its success,
  // which the job queue records once the operation ended, a tick after the page saw it).
  await expect.poll(() => mySyncEvents("success"), { timeout: 15_000 }).toBe(successesBefore + 1);
  await page.goto("/audit?action=argocd.sync&application=nura-core&environment=staging");
  const rows = page.getByTestId("audit-table").locator("tbody tr").filter({ hasText: "approver@nura.local" });
  const outcome = (o: string) => rows.filter({ has: page.getByRole("cell", { name: o, exact: true }) });
  await expect(outcome("intent")).toHaveCount(intentsBefore + 1);
  await expect(outcome("success")).toHaveCount(successesBefore + 1);
});

test("a viewer sees the application page without Sync or Refresh", async ({ page }) => {
  await signInAs(page, "viewer@nura.local", "/applications/nura-ui/prod");
  await expect(page.getByRole("heading", { name: "nura-ui in Production" })).toBeVisible();
  await expect(page.getByText("Your role may not sync or refresh in prod.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Sync", exact: true })).toHaveCount(0);
});
