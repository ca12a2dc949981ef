// Issue 13 item 10 in Chromium: an application's metric charts span the range asked for, show a
// loading state while a new range is fetched, say "No data for this range" instead of empty axes, and
// keep their y labels inside the chart.
import { expectNoSeriousAxe } from "./a11y";
import { expect, signInAs, test } from "./fixtures";

const APP = "/applications/nura-core/staging";

test("metric charts: the whole range on the x-axis, loading on range change, no-data, readable y labels", async ({
  page,
}) => {
  test.setTimeout(240_000);
  await signInAs(page, "viewer@nura.local", APP);
  // A world seconds old has scraped too few samples for a rate: wait until the default range has
  // points (a precondition of the chart's data, not a retry of what is checked below), then reload.
  await expect
    .poll(
      async () => {
        const body = await (await page.request.get(`/api/applications/nura-core/staging?range=1h`)).json();
        return (body.metrics ?? []).some((m: { points?: { v: number | null }[] }) =>
          m.points?.some((p) => p.v !== null),
        );
      },
      { timeout: 90_000, intervals: [2_000] },
    )
    .toBe(true);
  await page.reload();
  const charts = page.locator(".chart-grid .card");
  await expect(charts.first().locator(".recharts-surface")).toBeVisible({ timeout: 20_000 });

  // 7d: the ticks cover the seven days asked for, though the sandbox has minutes of data.
  let windowEnd = Number.NaN;
  let release: () => void = () => {};
  const held = new Promise<void>((r) => {
    release = r;
  });
  await page.route("**/api/applications/nura-core/staging?range=7d", async (route) => {
    await held;
    // A world minutes old may have no sample on any of the 7-day query's coarse steps, and a chart
    // with no data draws no axis: give each empty metric one point, so the axis is drawn.
    const res = await route.fetch();
    const body = await res.json();
    windowEnd = Date.parse(body.generatedAt);
    for (const m of body.metrics ?? []) {
      // Inside the window the chart draws: it ends at the answer's generatedAt, not at this clock's now.
      const t = Date.parse(body.generatedAt) - 60_000;
      if (!m.points?.some((p: { v: number | null }) => p.v !== null)) m.points = [{ t, v: 1 }];
    }
    await route.fulfill({ response: res, json: body });
  });
  await page.getByRole("button", { name: "7d", exact: true }).click();
  await expect(charts.first().getByTestId("chart-loading")).toHaveText("Loading…");
  release();
  await expect(charts.first().getByTestId("chart-loading")).toHaveCount(0, { timeout: 20_000 });
  // The chart redraws a frame after its data: wait for the day ticks of the new range.
  const xTicks = charts
    .first()
    .locator("svg text")
    .filter({ hasText: /^\d\d-\d\d$/ });
  await expect.poll(() => xTicks.count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(3);
  const ticks = await xTicks.allTextContents();
  expect(ticks.length).toBeGreaterThanOrEqual(3);
  // Ticks fall every two days on UTC-aligned steps, so over seven days there are three or four of them,
  // depending on the day (a CI run on an even day saw three, four days apart): the first is within two
  // days of the window's start and the last within two days of its end. One more day of slack for the
  // browser's zone, which names the tick's day. An axis spanning only the points would show today alone.
  const DAY = 86_400_000;
  const windowStart = windowEnd - 7 * DAY;
  const year = new Date(windowEnd).getUTCFullYear();
  // "MM-DD" in the year that puts it at or before the window's end (a range across New Year).
  const dayOf = (label: string) => {
    const t = Date.parse(`${year}-${label}T00:00:00Z`);
    return t > windowEnd + DAY ? Date.parse(`${year - 1}-${label}T00:00:00Z`) : t;
  };
  expect(dayOf(ticks[0]!), `first tick ${ticks[0]}`).toBeLessThanOrEqual(windowStart + 3 * DAY);
  expect(dayOf(ticks.at(-1)!), `last tick ${ticks.at(-1)}`).toBeGreaterThanOrEqual(windowEnd - 3 * DAY);

  // Y labels sit inside the chart's box (not clipped at its left edge).
  const box = (await charts.first().locator(".recharts-surface").boundingBox())!;
  for (const label of await charts
    .first()
    .locator("svg text")
    .filter({ hasText: /req\/s|%|ms|s$/ })
    .all()) {
    const b = (await label.boundingBox())!;
    expect(b.x).toBeGreaterThanOrEqual(box.x - 1);
  }

  // No points for the range: the chart says so instead of drawing empty axes.
  await page.route("**/api/applications/nura-core/staging?range=1h", async (route) => {
    const res = await route.fetch();
    const body = await res.json();
    for (const m of body.metrics ?? []) m.points = [];
    await route.fulfill({ response: res, json: body });
  });
  await page.getByRole("button", { name: "1h", exact: true }).click();
  await expect(charts.first().getByTestId("chart-empty")).toContainText("No data for this range.", { timeout: 20_000 });
  await expect(charts.first().locator(".recharts-surface")).toHaveCount(0);
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    await expectNoSeriousAxe(page, `charts ${colorScheme}`);
  }
});
