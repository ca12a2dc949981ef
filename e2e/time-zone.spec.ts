// Issue 13 item 11 in Chromium: times are shown in the viewer's zone, in one absolute and one relative
// format, each a <time datetime> with UTC on hover; after the first visit the server renders the zone.
import { timesOf } from "./a11y";
import { expect, signInAs, test } from "./fixtures";

test.use({ timezoneId: "Asia/Kolkata" });

test("the audit log and the overview show times in the viewer's zone with UTC on hover", async ({ page }) => {
  await signInAs(page, "auditor@nura.local", "/audit");
  const first = page.getByTestId("audit-table").locator("time").first();
  await expect(first).toHaveText(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\+5:30$/);
  const iso = (await first.getAttribute("datetime"))!;
  const utc = `${new Date(iso).toISOString().slice(0, 19).replace("T", " ")} UTC`;
  await expect(first).toHaveAttribute("title", new RegExp(`UTC\\+5:30 · ${utc}$`));
  // IST is UTC+5:30: the shown wall clock is the instant moved by 5 h 30.
  const local = new Date(Date.parse(iso) + 330 * 60_000).toISOString().slice(0, 19).replace("T", " ");
  await expect(first).toHaveText(`${local} UTC+5:30`);

  // The browser told the server its zone (a cookie): the next server render is already local.
  const html = await (await page.request.get("/audit")).text();
  expect(html).toContain("UTC+5:30");

  await page.goto("/");
  const times = await timesOf(page);
  expect(times.length).toBeGreaterThan(0);
  for (const t of times) {
    expect(Number.isNaN(Date.parse(t.datetime ?? ""))).toBe(false);
    expect(t.title).toMatch(/ UTC$/);
    // One absolute format (date time zone), one clock format (time zone), one relative format.
    expect(t.text).toMatch(
      /^(\d{4}-\d\d-\d\d \d\d:\d\d(:\d\d)? UTC\+5:30|\d\d:\d\d(:\d\d)? UTC\+5:30|just now|(in )?\d+ (min|h|d)( ago)?)$/,
    );
  }
  await expect(page.getByTestId("freshness")).toContainText("UTC+5:30");
});
