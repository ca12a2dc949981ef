import { describe, expect, it } from "vitest";
import { historyQuery, parseHistoryFilters, windowStart } from "./promotion-filters";

describe("parseHistoryFilters", () => {
  it("reads the filters from the URL", () => {
    expect(
      parseHistoryFilters({
        application: "nura-core",
        environment: "prod",
        state: "active",
        person: " ana ",
        window: "7d",
      }),
    ).toEqual({ application: "nura-core", environment: "prod", state: "active", person: "ana", window: "7d" });
  });

  it("drops bad values instead of failing the page, and defaults the window to 30 days", () => {
    expect(
      parseHistoryFilters({
        application: "Robert'); DROP",
        environment: ["staging", "prod"],
        person: "a\u0000b",
        window: "1y",
      }),
    ).toEqual({
      application: undefined,
      environment: "staging",
      state: undefined,
      person: undefined,
      window: "30d",
    });
  });
});

describe("historyQuery / windowStart", () => {
  it("omits defaults and empty filters", () => {
    expect(historyQuery({ application: "nura-core", window: "30d" })).toBe("?application=nura-core");
    expect(historyQuery({})).toBe("");
    expect(historyQuery({ person: "a b", window: "24h" })).toBe("?person=a+b&window=24h");
  });

  it("counts the window back from now", () => {
    expect(windowStart("7d", new Date("2026-12-08T00:00:00Z")).toISOString()).toBe("2026-12-01T00:00:00.000Z");
  });
});
