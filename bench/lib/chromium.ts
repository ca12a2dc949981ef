// Debian's Chromium for the browser benchmarks, and the sandbox sign-in they start with.
import { type Browser, type BrowserContext, chromium } from "@playwright/test";

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"],
  });
}

/** Signs `email` in through the login form (the sandbox password) and waits to leave /login. */
export async function signIn(context: BrowserContext, base: string, email: string): Promise<void> {
  const page = await context.newPage();
  await page.goto(`${base}/login?callbackUrl=%2F`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("nura-sandbox");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/login"));
  await page.waitForLoadState("networkidle");
  await page.close();
}
