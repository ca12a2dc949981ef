import { type Browser, type BrowserContext, test as base, expect, type Page } from "@playwright/test";

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

// Contexts signedIn opened during the current test; closed when it ends (below). Left open, an overview
// page goes on polling every 5 s for the rest of the run: three such pages were seen in a CI trace.
const signedInContexts: BrowserContext[] = [];

/** A page in a fresh browser context (its own session), signed in as `email`, on `path`. */
export async function signedIn(browser: Browser, email: string, path = "/"): Promise<Page> {
  const context = await browser.newContext();
  signedInContexts.push(context);
  const page = await context.newPage();
  await signInAs(page, email, path);
  return page;
}

/** The Origin header a same-origin mutation sends (the portal refuses a POST without it). */
export const sameOrigin = () => ({ origin: new URL(test.info().project.use.baseURL!).origin });

export const test = base.extend<{ closeSignedInContexts: undefined }>({
  closeSignedInContexts: [
    async ({ browser: _ }, use) => {
      await use(undefined);
      await Promise.all(signedInContexts.splice(0).map((c) => c.close()));
    },
    { auto: true },
  ],
});
export { expect };
