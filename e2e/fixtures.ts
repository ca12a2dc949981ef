import { test as base, expect, type Page } from "@playwright/test";

export const SANDBOX_PASSWORD = "nura-sandbox";

/** Page object for /login. */
export class LoginPage {
  constructor(readonly page: Page) {}
  async signIn(email: string, password = SANDBOX_PASSWORD) {
    await this.page.getByLabel("Email").fill(email);
    await this.page.getByLabel("Password").fill(password);
    await this.page.getByRole("button", { name: "Sign in", exact: true }).click();
  }
}

/** Signs in through the real login form, then lands on `path`. */
export async function signInAs(page: Page, email: string, path = "/") {
  await page.goto(`/login?callbackUrl=${encodeURIComponent(path)}`);
  await new LoginPage(page).signIn(email);
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
}

export const test = base;
export { expect };
