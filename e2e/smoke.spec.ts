import AxeBuilder from "@axe-core/playwright";
import { expect, LoginPage, signInAs, test } from "./fixtures";

test("a deep link survives sign-in and lands on the shell", async ({ page }) => {
  await page.goto("/promotions?from=slack");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fpromotions%3Ffrom%3Dslack/);
  await new LoginPage(page).signIn("approver@nura.local");
  await expect(page).toHaveURL(/\/promotions\?from=slack$/);
  await expect(page.getByRole("heading", { name: "Promotions" })).toBeVisible();
  await expect(page.getByTestId("current-user")).toContainText("Ana Approver");
  await expect(page.getByTestId("current-user")).toContainText("approver");
});

test("a wrong password is refused with a message", async ({ page }) => {
  await page.goto("/login");
  await new LoginPage(page).signIn("admin@nura.local", "wrong");
  await expect(page.getByText("That email and password did not match a sandbox user.")).toBeVisible();
});

test("the shell navigates by keyboard, switches theme, and has no serious axe violations", async ({ page }) => {
  await signInAs(page, "developer@nura.local");
  const nav = page.getByRole("navigation", { name: "Main" });
  for (const label of ["Overview", "Environments", "Promotions", "Infrastructure"]) {
    await expect(nav.getByRole("link", { name: label })).toBeVisible();
  }
  // A developer holds no audit role, so the Audit entry is not offered.
  await expect(nav.getByRole("link", { name: "Audit" })).toHaveCount(0);

  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();

  for (const theme of ["light", "dark"] as const) {
    if (theme === "dark") await page.getByRole("button", { name: "Switch to dark theme" }).click();
    await expect(page.locator("html")).toHaveAttribute("data-theme", theme);
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
    const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(
      serious,
      JSON.stringify(
        serious.map((v) => [v.id, v.nodes.map((n) => n.target)]),
        null,
        1,
      ),
    ).toEqual([]);
  }

  await page.getByRole("link", { name: "Environments" }).click();
  await expect(page.getByRole("heading", { name: "Environments" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Environments" })).toHaveAttribute("aria-current", "page");
});

test("the login page has no serious axe violations", async ({ page }) => {
  await page.goto("/login");
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  expect(results.violations.filter((v) => v.impact === "serious" || v.impact === "critical")).toEqual([]);
});

test("the API answers 401 JSON when signed out and refuses cross-origin writes", async ({ request }) => {
  const me = await request.get("/api/me");
  expect(me.status()).toBe(401);
  expect(await me.json()).toMatchObject({ error: "unauthorized", message: "Sign in required" });

  const forged = await request.post("/api/me", { headers: { origin: "https://evil.example" }, data: {} });
  expect(forged.status()).toBe(403);
  expect((await forged.json()).message).toContain("https://evil.example");

  const ready = await request.get("/api/ready");
  expect(ready.status()).toBe(200);
  const csp = ready.headers()["content-security-policy"] ?? "";
  expect(csp).toContain("frame-ancestors 'none'");
  expect(ready.headers()["x-frame-options"]).toBe("DENY");
});
