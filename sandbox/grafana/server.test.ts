import { describe, expect, it } from "vitest";
import { parseGrafanaTime } from "./server";

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
