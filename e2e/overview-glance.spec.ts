// Issue 13 items 2, 3 and 7 on the overview in Chromium, against the sandbox world: who started a
// sync is a person, the one freshness badge turns amber when the page cannot refresh (failed poll or
// offline), and "what is behind what" — versions along dev → staging → prod, a filter box, a
// "problems only" toggle and application names as links.
import { expectNoHorizontalScroll, expectNoSeriousAxe } from "./a11y";
import { expect, signInAs, test } from "./fixtures";

test("a sync started in the portal is credited to the person on the overview", async ({ page }) => {
  await signInAs(page, "developer@nura.local", "/");
  const res = await page.request.post("/api/applications/nura-ui/dev/sync", {
    data: { confirm: true },
    headers: { origin: new URL(page.url()).origin },
  });
  expect(res.status()).toBe(200);
  const cell = page.getByTestId("cell-nura-ui-dev");
  // Argo CD knows only the portal's account; the overview names Diego from the audited intent.
  await expect(cell).toContainText("by Diego Developer (via portal)", { timeout: 30_000 });
  await expect(cell).not.toContainText("by portal");
});

test("the one freshness badge says 'stale since HH:MM' when the page cannot refresh, then live again", async ({
  page,
  context,
}) => {
  // Offline before the page's JavaScript has loaded would leave the server-rendered HTML, which never
  // polls (a CI trace: two chunks failed ERR_INTERNET_DISCONNECTED, the badge stayed "live"): wait for
  // a first poll, which proves the page is hydrated and polling.
  const polling = page.waitForResponse((r) => new URL(r.url()).pathname === "/api/overview" && r.ok(), {
    timeout: 30_000,
  });
  await signInAs(page, "viewer@nura.local", "/");
  await polling;
  const freshness = page.getByTestId("freshness");
  await expect(freshness).toHaveAttribute("data-state", /live|degraded/);
  await expect(freshness.locator("time")).toHaveAttribute("datetime", /^\d{4}-\d\d-\d\dT/);

  await context.setOffline(true);
  await expect(freshness).toContainText(/Stale since \d\d:\d\d UTC — offline, not refreshing/, { timeout: 30_000 });
  await expect(freshness).toHaveAttribute("data-state", "stale");
  await expect(page.getByTestId("source-status")).not.toContainText("All sources live");
  await expect(page.getByTestId("source-status").getByTestId("freshness")).toHaveCount(1);
  await context.setOffline(false);
  await expect(freshness).not.toHaveAttribute("data-state", "stale", { timeout: 30_000 });
});

test("the overview answers what is behind what: versions along the path, filter, problems only, links", async ({
  page,
}) => {
  test.setTimeout(180_000); // many page loads and four axe runs on a loaded machine
  await signInAs(page, "approver@nura.local", "/");
  const matrix = page.getByTestId("app-matrix");
  const rows = matrix.locator("tbody tr");
  const total = await rows.count();
  expect(total).toBeGreaterThanOrEqual(3);

  // Versions: every row shows dev → staging → prod, and a behind environment is marked in words.
  const core = page.getByTestId("app-row-nura-core");
  const versions = core.getByTestId("versions");
  await expect(versions.locator("li")).toHaveCount(3);
  await expect(versions).toHaveAttribute("aria-label", /^Versions: dev \S+, staging \S+( \(behind dev\))?, prod \S+/);
  const marks = await versions.locator("li").evaluateAll((lis) => lis.map((l) => l.getAttribute("data-mark")));
  expect(marks[0]).toBe("first");
  const stagingTag = await core.getByTestId("cell-nura-core-staging").getByTestId("image-tag").textContent();
  const devTag = await core.getByTestId("cell-nura-core-dev").getByTestId("image-tag").textContent();
  expect(marks[1]).toBe(stagingTag === devTag ? "same" : "behind");
  if (marks[1] === "behind") await expect(versions.locator("li").nth(1)).toContainText("behind");

  // The filter box narrows the rows and keeps the filter in the URL.
  const filter = page.getByRole("searchbox", { name: "Filter applications" });
  await filter.fill("nura-ui");
  await expect(rows).toHaveCount(1);
  await expect(page.getByTestId("filter-count")).toHaveText(`Showing 1 of ${total} applications`);
  await expect(page).toHaveURL(/\?q=nura-ui$/);
  await page.reload();
  await expect(page.getByRole("searchbox", { name: "Filter applications" })).toHaveValue("nura-ui");
  await expect(rows).toHaveCount(1);
  await filter.fill("no-such-app");
  await expect(page.getByTestId("no-match")).toContainText("No application matches this filter.");
  await page.getByRole("button", { name: "Show all applications" }).click();
  await expect(rows).toHaveCount(total);

  // Problems only: the sandbox's applications are healthy and synced, so nothing is left, and it says so.
  const problems = page.getByRole("checkbox", { name: "Problems only" });
  await problems.check();
  await expect(page).toHaveURL(/problems=1/);
  const left = await rows.count();
  for (const row of await rows.all()) await expect(row.locator("td.tone-warn, td.tone-bad")).not.toHaveCount(0);
  if (left === 0) await expect(page.getByTestId("no-match")).toContainText("No application has a problem right now.");
  await problems.uncheck();
  await expect(rows).toHaveCount(total);

  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    await expectNoSeriousAxe(page, `overview ${colorScheme}`);
  }
  await page.setViewportSize({ width: 320, height: 800 });
  await expectNoHorizontalScroll(page);
  await expectNoSeriousAxe(page, "overview 320px");

  // Application names are links to the application's page.
  await page.setViewportSize({ width: 1280, height: 800 });
  await core.getByRole("link", { name: "nura-core", exact: true }).click();
  await expect(page).toHaveURL(/\/applications\/nura-core\/dev$/);
});
