import { describe, expect, it } from "vitest";
import { PROMOTION_LIVE_INTERVAL_MS, promotionPollInterval } from "./promotions";

describe("promotionPollInterval", () => {
  it("polls every second while the executor works, at the page interval while people decide, slowly once final", () => {
    for (const s of ["approved", "committing", "syncing", "verifying", "rolling_back"]) {
      expect(promotionPollInterval(s, 5000)).toBe(PROMOTION_LIVE_INTERVAL_MS);
    }
    expect(promotionPollInterval("requested", 5000)).toBe(5000);
    expect(promotionPollInterval("succeeded", 5000)).toBe(15000);
    expect(promotionPollInterval(undefined, 5000)).toBe(5000);
  });
  it("a finished promotion's page is live while a rollback shown on it runs", () => {
    expect(promotionPollInterval("succeeded", 5000, ["committing"])).toBe(PROMOTION_LIVE_INTERVAL_MS);
    expect(promotionPollInterval("succeeded", 5000, ["approved"])).toBe(PROMOTION_LIVE_INTERVAL_MS);
    expect(promotionPollInterval("succeeded", 5000, ["succeeded"])).toBe(15000);
  });
});
