// Issue 13 items 5 and 13 in Chromium: the shell reflows at 320 and 390 px with a collapsible menu
// (WCAG 1.4.10), follows the OS colour scheme until the user picks one, /login while signed in goes
// to the overview, tab titles say what the headings say, and the login buttons are named by their text.
import { expectNoHorizontalScroll, expectNoSeriousAxe } from "./a11y";
import { expect, signInAs, test } from "./fixtures";

const background = (page: import("@playwright/test").Page) =>
  page.evaluate(() => getComputedStyle(document.body).backgroundColor);
const LIGHT_BG = "rgb(247, 248, 250)";
const DARK_BG = "rgb(15, 19, 24)";

test.describe("on a phone", () => {
  // Five pages × two themes × axe on a shared 2-core machine: longer than the default minute.
  test.setTimeout(240_000);
  for (const width of [390, 320]) {
    test(`at ${width} px every shell page reflows, the menu opens and closes, axe is clean in both themes`, async ({
      browser,
    }) => {
      for (const colorScheme of ["light", "dark"] as const) {
        const context = await browser.newContext({ viewport: { width, height: 800 }, colorScheme });
        const page = await context.newPage();
        await signInAs(page, "auditor@nura.local", "/");
        const menu = page.getByRole("button", { name: "Menu" });
        const nav = page.getByRole("navigation", { name: "Main" });
        // The first screen is the page, not the sidebar.
        await expect(menu).toHaveAttribute("aria-expanded", "false");
        await expect(nav).toBeHidden();
        await expect(page.getByRole("heading", { name: "Overview", level: 1 })).toBeInViewport();
        await menu.click();
        await expect(page.getByRole("button", { name: "Close menu" })).toHaveAttribute("aria-expanded", "true");
        await nav.getByRole("link", { name: "Audit" }).click();
        await expect(page.getByRole("heading", { name: "Audit log", level: 1 })).toBeVisible();
        await expect(nav).toBeHidden(); // it closes after navigating
        for (const path of ["/", "/audit", "/environments", "/promotions", "/infrastructure"]) {
          await page.goto(path);
          await expect(page.locator("h1")).toBeVisible();
          await expectNoHorizontalScroll(page);
          await expectNoSeriousAxe(page, `${path} ${width}px ${colorScheme}`);
        }
        await context.close();
      }
    });
  }
});

test("the theme follows the OS until the user picks one, and back", async ({ browser }) => {
  const context = await browser.newContext({ colorScheme: "dark" });
  const page = await context.newPage();
  await signInAs(page, "developer@nura.local", "/");
  // No choice yet: dark because the OS says so.
  expect(await background(page)).toBe(DARK_BG);
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  await page.emulateMedia({ colorScheme: "light" });
  await expect.poll(() => background(page)).toBe(LIGHT_BG);
  await expect(page.getByRole("button", { name: "Use system theme" })).toHaveCount(0);

  // A pick wins over the OS and survives a reload (the server renders it from the cookie).
  await page.getByRole("button", { name: "Switch to dark theme" }).click();
  await page.reload();
  expect(await background(page)).toBe(DARK_BG);
  await page.emulateMedia({ colorScheme: "light" });
  expect(await background(page)).toBe(DARK_BG);

  // "Use system theme" forgets the pick.
  await page.getByRole("button", { name: "Use system theme" }).click();
  await expect.poll(() => background(page)).toBe(LIGHT_BG);
  await page.reload();
  await page.emulateMedia({ colorScheme: "dark" });
  await expect.poll(() => background(page)).toBe(DARK_BG);
  await context.close();
});

test("/login while signed in goes to the overview (or the page it was asked for)", async ({ page }) => {
  await signInAs(page, "viewer@nura.local", "/");
  await page.goto("/login");
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();
  await page.goto("/login?callbackUrl=%2Fenvironments");
  await expect(page).toHaveURL(/\/environments$/);
  // An off-site callback is not followed.
  await page.goto("/login?callbackUrl=https%3A%2F%2Fevil.example%2F");
  await expect(page).toHaveURL(/localhost:\d+\/$/);
});

test("tab titles say what the page headings say", async ({ page }) => {
  await page.goto("/login");
  await expect(page).toHaveTitle((await page.locator("h1").textContent()) ?? "");
  await signInAs(page, "auditor@nura.local", "/");
  for (const path of [
    "/",
    "/audit",
    "/environments",
    "/promotions",
    "/infrastructure",
    "/forbidden?action=promotion.approve",
  ]) {
    await page.goto(path);
    const h1 = ((await page.locator("h1").textContent()) ?? "").trim();
    await expect(page, path).toHaveTitle(`${h1} · Nura Platform Portal`);
  }
});

test("the login page's buttons are named by their visible text", async ({ page }) => {
  await page.goto("/login");
  const users = page
    .getByRole("list")
    .filter({ has: page.getByRole("button") })
    .getByRole("button");
  expect(await users.count()).toBeGreaterThanOrEqual(6);
  for (const button of await users.all()) {
    const visible = ((await button.textContent()) ?? "").replace(/\s+/g, " ").trim();
    await expect(button).toHaveAccessibleName(visible);
  }
  await page.getByRole("button", { name: "Sign in as Ana Approver (approver)" }).click();
  await expect(page.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    await page.context().clearCookies();
    await page.goto("/login");
    await expectNoSeriousAxe(page, `login ${colorScheme}`);
  }
});
