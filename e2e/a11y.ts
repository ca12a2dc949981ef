// Shared checks for the shell13 specs: axe (0 serious/critical, WCAG 2 A/AA plus label-in-name) and
// WCAG 1.4.10 reflow (the page never scrolls sideways; wide tables scroll inside their own box).
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

export async function expectNoSeriousAxe(page: Page, context = "") {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .withRules(["label-content-name-mismatch"])
    .analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${context} ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

export async function expectNoHorizontalScroll(page: Page) {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  expect(scrollWidth, `page is ${scrollWidth} px wide in a ${clientWidth} px viewport`).toBeLessThanOrEqual(
    clientWidth,
  );
}

/** Every visible time on the page is a <time datetime> (issue 13 item 11): none printed as bare text. */
export async function timesOf(page: Page) {
  return page
    .locator("main time[datetime]")
    .evaluateAll((els) =>
      els.map((e) => ({ datetime: e.getAttribute("datetime"), text: e.textContent, title: e.getAttribute("title") })),
    );
}
