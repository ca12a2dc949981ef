import { readFile } from "node:fs/promises";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, signInAs, test } from "./fixtures";

/** Page object for /audit. */
class AuditLogPage {
  constructor(readonly page: Page) {}
  table() {
    return this.page.getByTestId("audit-table");
  }
  rows() {
    return this.table().locator("tbody tr");
  }
  async verify() {
    await this.page.getByRole("button", { name: "Verify chain", exact: true }).click();
    return this.page.getByTestId("verify-result");
  }
  async filterByAction(action: string) {
    await this.page.getByLabel("Action").selectOption(action);
    await this.page.getByRole("button", { name: "Apply filters" }).click();
    await this.page.waitForURL(new RegExp(`action=${action.replace(".", "\\.")}`));
  }
}

test("an auditor views, verifies, checkpoints, filters and exports the audit log", async ({ page }) => {
  await signInAs(page, "auditor@nura.local", "/audit");
  const audit = new AuditLogPage(page);
  await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();

  const result = await audit.verify();
  await expect(result).toContainText("intact");
  await expect(result).toContainText("events verified up to #");

  await page.getByRole("button", { name: "Create checkpoint" }).click();
  await expect(result).toContainText("Checkpoint recorded at #");

  // The e2e portal has no AUDIT_SIGNING_KEY: no checkpoint can be signed, so a verify "since the last
  // signed checkpoint" is not offered at all (the API still refuses it with a reason).
  await expect(page.getByRole("button", { name: "Verify since last signed checkpoint" })).toHaveCount(0);

  // The verification and the checkpoint are themselves on the log.
  await page.reload();
  await expect(audit.table()).toContainText("audit.verified");
  await expect(audit.table()).toContainText("audit.checkpoint_created");

  await audit.filterByAction("audit.verified");
  const count = await audit.rows().count();
  expect(count).toBeGreaterThan(0);
  for (let i = 0; i < count; i++) await expect(audit.rows().nth(i)).toContainText("audit.verified");

  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "CSV" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^audit-.*\.csv$/);
  const csv = await readFile((await download.path())!, "utf8");
  const lines = csv.trimEnd().split("\r\n");
  expect(lines[0]).toMatch(/^seq,id,occurredAt,actorId,actorEmail/);
  expect(lines.length - 1).toBe(count);
  expect(lines.slice(1).every((l) => l.includes(",audit.verified,"))).toBe(true);

  // The export is audited too.
  await audit.filterByAction("audit.exported");
  await expect(audit.rows().first()).toContainText("auditor@nura.local");

  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  const serious = axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => v.id)).toEqual([]);
});

test("bad filters are explained, not a server error", async ({ page }) => {
  await signInAs(page, "auditor@nura.local", "/audit?outcome=maybe&from=yesterday");
  // (Next adds an empty route-announcer alert; ours is the one with the explanation.)
  const alert = page.getByRole("alert").filter({ hasText: "These filters cannot be applied" });
  await expect(alert).toContainText("outcome: must be one of success, failure, denied");
  await expect(alert).toContainText("from: must be an ISO date");
});

test("a developer cannot open the audit log or export it", async ({ page }) => {
  await signInAs(page, "developer@nura.local", "/audit");
  await expect(page).toHaveURL(/\/forbidden/);
  const res = await page.request.get("/api/audit/export?format=csv");
  expect(res.status()).toBe(403);
});
