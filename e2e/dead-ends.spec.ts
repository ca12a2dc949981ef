// Issue 13 items 3 and 8 in Chromium: one freshness signal when the page's own refresh fails; an
// unknown application or environment is a 404 inside the shell naming what exists; the forbidden page
// keeps the shell and says who may; audit Target links open the application page.
import { expect, type Page } from "@playwright/test";
import { signInAs, test } from "./fixtures";

const shell = (page: Page) => page.getByRole("navigation", { name: "Main" });

test("a failed overview refresh turns the one freshness badge amber with 'stale since', never 'All sources live'", async ({
  page,
}) => {
  await signInAs(page, "developer@nura.local", "/");
  await expect(page.getByTestId("source-status")).toBeVisible();
  await page.route("**/api/overview", (route) => route.fulfill({ status: 502, body: '{"message":"upstream down"}' }));
  const freshness = page.getByTestId("freshness");
  await expect(freshness).toContainText(/Stale since \d\d:\d\d UTC — refresh failed: upstream down/, {
    timeout: 30_000,
  });
  await expect(page.getByTestId("source-status")).not.toContainText("All sources live");
  await expect(page.getByText("showing the last answer")).toHaveCount(0);
});

test("an unknown application or environment is a 404 inside the shell that names what exists", async ({ page }) => {
  await signInAs(page, "developer@nura.local", "/");
  const res = await page.goto("/applications/nura-cor/prod");
  expect(res?.status()).toBe(404);
  await expect(shell(page)).toBeVisible();
  const notFound = page.getByTestId("not-found");
  await expect(notFound.getByRole("heading", { name: "Unknown application" })).toBeVisible();
  await expect(notFound).toContainText('There is no application "nura-cor" in the catalog.');
  await notFound.getByRole("link", { name: "nura-core", exact: true }).click();
  await expect(page).toHaveURL(/\/applications\/nura-core\/prod$/);

  const env = await page.goto("/environments/qa");
  expect(env?.status()).toBe(404);
  await expect(page.getByTestId("not-found")).toContainText(
    'There is no environment "qa". Environments: dev, staging, prod.',
  );
  await expect(shell(page)).toBeVisible();
});

test("the forbidden page keeps the shell, names the action in words and who may do it", async ({ page }) => {
  await signInAs(page, "developer@nura.local", "/audit");
  await expect(page).toHaveURL(/\/forbidden\?action=audit\.read/);
  await expect(shell(page)).toBeVisible();
  const forbidden = page.getByTestId("forbidden");
  await expect(forbidden).toContainText("Your role (developer) may not read the audit log.");
  await expect(forbidden).toContainText("Who may: approver, admin, auditor.");
  await forbidden.getByRole("link", { name: "Back to the overview" }).click();
  await expect(page).toHaveURL(/\/$/);
});

test("an audit Target link of an application opens its page, not a %2F 404", async ({ page }) => {
  await signInAs(page, "approver@nura.local", "/applications/nura-core/dev");
  await page.getByRole("button", { name: "Refresh", exact: true }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("button", { name: /^Refresh / }).click();
  // Leaving before the route answers would abort the refresh, and with it the audit event read below.
  await expect(page.getByRole("status").filter({ hasText: "Refresh of nura-core-dev" })).toBeVisible();
  await page.goto("/audit?action=argocd.refresh");
  const link = page.getByRole("link", { name: "application nura-core/dev" }).first();
  await expect(link).toHaveAttribute("href", "/applications/nura-core/dev");
  await link.click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("nura-core in");
});

test("a sync started in the portal is credited to the person, not to the portal's Argo CD account", async ({
  page,
}) => {
  await signInAs(page, "approver@nura.local", "/applications/nura-core/staging");
  await page.getByRole("button", { name: "Sync", exact: true }).click();
  await page
    .getByRole("dialog")
    .getByRole("button", { name: /^Sync / })
    .click();
  await expect(page.getByTestId("operation")).toContainText("by Ana Approver (via portal)", { timeout: 30_000 });
  await expect(page.getByTestId("operation")).not.toContainText("by portal");
});
