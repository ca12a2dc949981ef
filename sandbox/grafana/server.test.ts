import { describe, expect, it } from "vitest";
import { goDuration, parseGrafanaTime, seriesName } from "./server";

describe("parseGrafanaTime", () => {
  const now = 1_700_000_000_000;
  it.each([
    ["now", now],
    ["now-5m", now - 300_000],
    ["now-1h", now - 3_600_000],
    ["now-2d", now - 172_800_000],
    ["1699999999000", 1_699_999_999_000],
  ])("%s", (input, expected) => {
    expect(parseGrafanaTime(input, now)).toBe(expected);
  });
  it("rejects garbage", () => {
    expect(parseGrafanaTime("yesterday", now)).toBeUndefined();
  });
});

describe("goDuration", () => {
  it.each([
    [15, "15s"],
    [60, "1m0s"],
    [90, "1m30s"],
    [3600, "1h0m0s"],
  ])("%i s → %s", (s, expected) => {
    expect(goDuration(s)).toBe(expected);
  });
});

describe("seriesName (promlib getName)", () => {
  const metric = { __name__: "http_requests_total", env: "dev", app: "nura-ui" };
  it("names a series metric{labels} sorted, like Prometheus", () => {
    expect(seriesName({ expr: "x" }, metric)).toBe('http_requests_total{app="nura-ui", env="dev"}');
  });
  it("fills a legend format and leaves __auto to the front end", () => {
    expect(seriesName({ legendFormat: "{{app}} in {{ env }}" }, metric)).toBe("nura-ui in dev");
    expect(seriesName({ legendFormat: "__auto" }, metric)).toBe("");
  });
  it("uses the expression for a series without labels", () => {
    expect(seriesName({ expr: "sum(up)" }, {})).toBe("sum(up)");
    expect(seriesName({ expr: "up" }, { __name__: "up" })).toBe("up");
  });
});
