// Issue 13 item 9 in Chromium: the audit search finds what the table shows — a short hash or SHA, an
// application name prefix, an actor by name or e-mail prefix — environment and application are pickers,
// the correlation filter is in the form, user targets read as names, and "verify since last signed
// checkpoint" is offered only when a signing key is set (the e2e portal has none).
import type { Page } from "@playwright/test";
import { expectNoHorizontalScroll, expectNoSeriousAxe } from "./a11y";
import { expect, signInAs, test } from "./fixtures";

class AuditSearch {
  constructor(readonly page: Page) {}
  rows() {
    return this.page.getByTestId("audit-table").locator("tbody tr");
  }
  async apply(fields: Partial<Record<"Search" | "Actor (name or e-mail)" | "Correlation id", string>>) {
    await this.page.goto("/audit");
    for (const [label, value] of Object.entries(fields)) await this.page.getByLabel(label, { exact: true }).fill(value);
    await this.page.getByRole("button", { name: "Apply filters" }).click();
    await this.page.waitForURL(/\/audit\?/);
  }
}

test("the audit search finds short hashes, name prefixes and people; pickers and correlation are in the form", async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000); // many page loads and four axe runs on a loaded machine
  // An event about nura-ui, by someone else, for the name-prefix search.
  const developer = await browser.newContext();
  const dev = await developer.newPage();
  await signInAs(dev, "developer@nura.local", "/");
  const sync = await dev.request.post("/api/applications/nura-ui/dev/sync", {
    data: { confirm: true },
    headers: { origin: new URL(dev.url()).origin },
  });
  expect(sync.status()).toBe(200);
  await developer.close();

  await signInAs(page, "auditor@nura.local", "/audit");
  const audit = new AuditSearch(page);
  await expect(page.getByRole("button", { name: "Verify chain", exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Verify since last signed checkpoint" })).toHaveCount(0);

  // A checkpoint's hash is in its event's details; the page shows 12 characters, a person types 7.
  await page.getByRole("button", { name: "Create checkpoint" }).click();
  const recorded = page.getByTestId("verify-result");
  await expect(recorded).toContainText(/Checkpoint recorded at #\d+ \([0-9a-f]{12}…\)/);
  const short = /\(([0-9a-f]{7})/.exec((await recorded.textContent()) ?? "")![1]!;
  await audit.apply({ Search: short });
  await expect(audit.rows()).toHaveCount(1);
  await expect(audit.rows().first()).toContainText("audit.checkpoint_created");

  // An application name prefix (the application is a column, not in the details).
  await audit.apply({ Search: "nura-u" });
  expect(await audit.rows().count()).toBeGreaterThan(0);
  for (const row of await audit.rows().all()) await expect(row).toContainText("nura-ui");
  await audit.apply({ Search: "nura-ui argocd.sync" });
  await expect(audit.rows().filter({ hasText: "developer@nura.local" }).first()).toBeVisible();

  // An actor by a word of the name, or by an e-mail prefix.
  for (const actor of ["Diego", "developer", "developer@nura"]) {
    await audit.apply({ "Actor (name or e-mail)": actor });
    expect(await audit.rows().count(), actor).toBeGreaterThan(0);
    for (const row of await audit.rows().all()) await expect(row).toContainText("developer@nura.local");
  }
  await expect(audit.rows().first()).toContainText("Diego Developer");

  // Sign-ins target the user: the table names them.
  await audit.apply({ Search: "auth.sign_in" });
  await expect(audit.rows().first()).toContainText(/user (Aurora Auditor|Diego Developer)/);
  await expect(page.getByTestId("audit-table")).not.toContainText(/user [0-9a-f]{8}-[0-9a-f]{4}/);

  // Environment and application are pickers of what exists.
  await page.goto("/audit");
  await expect(page.getByLabel("Environment")).toHaveJSProperty("tagName", "SELECT");
  await page.getByLabel("Environment").selectOption("dev");
  await page.getByLabel("Application").selectOption("nura-ui");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/environment=dev/);
  for (const row of await audit.rows().all()) await expect(row).toContainText("dev / nura-ui");

  // "related events" fills the visible correlation filter.
  await page.getByRole("link", { name: "related events" }).first().click();
  await page.waitForURL(/correlationId=[0-9a-f-]{8,}/);
  const correlation = new URL(page.url()).searchParams.get("correlationId")!;
  expect(correlation).toMatch(/^[0-9a-f-]{36}$/);
  await expect(page.getByLabel("Correlation id")).toHaveValue(correlation);
  expect(await audit.rows().count()).toBeGreaterThan(0);

  for (const [width, colorScheme] of [
    [1280, "light"],
    [1280, "dark"],
    [320, "light"],
    [320, "dark"],
  ] as const) {
    await page.setViewportSize({ width, height: 800 });
    await page.emulateMedia({ colorScheme });
    await expectNoHorizontalScroll(page);
    await expectNoSeriousAxe(page, `audit ${width}px ${colorScheme}`);
  }
});
