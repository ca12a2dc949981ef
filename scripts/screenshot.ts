// Takes the README screenshot from a running demo: `make demo`, then `npx tsx scripts/screenshot.ts`.
import { chromium } from "playwright-core";

const base = process.env.PORTAL_URL ?? "http://localhost:3000";
const path = process.argv[2] ?? "/";
const out = process.argv[3] ?? "docs/screenshot.png";

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
  ],
});
const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
await page.goto(`${base}/login?callbackUrl=${encodeURIComponent(path)}`);
await page.getByLabel("Email").fill("approver@nura.local");
await page.getByLabel("Password").fill("nura-sandbox");
await page.getByRole("button", { name: "Sign in", exact: true }).click();
await page.waitForURL((u) => !u.pathname.startsWith("/login"));
await page.waitForTimeout(8000); // let live data settle: the first poll after a cold start fills any gaps
await page.screenshot({ path: out, fullPage: false });
await browser.close();
console.log(`wrote ${out}`);
