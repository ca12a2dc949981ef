// The request page for names the catalog does not have: a 404 inside the shell naming what was asked
// for and what exists, the picker still there to choose again; a known name that cannot be promoted
// into (the first environment) stays a page that says why.
import { expect } from "@playwright/test";
import { signInAs, test } from "./fixtures";

test("an unknown application or environment on the request page is a 404 naming what exists", async ({ page }) => {
  await signInAs(page, "developer@nura.local", "/");
  const app = await page.goto("/promotions/new?app=nura-cor&to=prod");
  expect(app?.status()).toBe(404);
  await expect(page.getByTestId("not-found")).toHaveText(
    'There is no application "nura-cor" in the catalog. Applications: nura-core, nura-ui, nura-portal.',
  );
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
  await expect(page.getByRole("form", { name: "Choose what to promote" })).toBeVisible();

  const env = await page.goto("/promotions/new?app=nura-core&to=qa");
  expect(env?.status()).toBe(404);
  await expect(page.getByTestId("not-found")).toHaveText(
    'There is no environment "qa" to promote into. Environments: staging, prod.',
  );

  const first = await page.goto("/promotions/new?app=nura-core&to=dev");
  expect(first?.status()).toBe(200);
  // Scoped to the page's main landmark: Next.js's route announcer is a second, empty role=alert.
  await expect(page.getByRole("main").getByRole("alert")).toHaveText(
    "dev is the first environment: nothing is promoted into it",
  );
});
