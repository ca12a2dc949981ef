import { describe, expect, it } from "vitest";
import { hasData, rangeDurationMs, rangeWindow, timeTicks } from "./chart-axis";
import { formatAxisTime } from "./time-format";

const H = 3_600_000;

describe("chart axes", () => {
  it("the window is the whole range asked for, ending at the data's own time", () => {
    expect(rangeDurationMs("1h")).toBe(H);
    expect(rangeDurationMs("7d")).toBe(7 * 24 * H);
    expect(rangeWindow("6h", "2026-12-01T12:00:00Z")).toEqual({
      from: Date.parse("2026-12-01T06:00:00Z"),
      to: Date.parse("2026-12-01T12:00:00Z"),
    });
  });

  it("ticks fall on round steps inside the window, at most six", () => {
    const iso = (t: number) => new Date(t).toISOString().slice(11, 16);
    expect(timeTicks(rangeWindow("1h", "2026-12-01T12:07:00Z")).map(iso)).toEqual(["11:15", "11:30", "11:45", "12:00"]);
    expect(timeTicks(rangeWindow("24h", "2026-12-01T12:00:00Z")).map(iso)).toEqual([
      "12:00",
      "18:00",
      "00:00",
      "06:00",
      "12:00",
    ]);
    const week = timeTicks(rangeWindow("7d", "2026-12-01T12:00:00Z"));
    expect(week.length).toBeLessThanOrEqual(6);
    expect(week.every((t) => t % (24 * H) === 0)).toBe(true);
    expect(timeTicks({ from: 10, to: 10 })).toEqual([]);
  });

  it("a week's two-day ticks reach both ends of the window, whichever day it ends on", () => {
    const DAY = 24 * H;
    for (const end of [
      "2026-12-01T23:00:00Z",
      "2026-12-02T00:17:00Z",
      "2026-12-03T00:17:00Z",
      "2027-01-02T09:00:00Z",
    ]) {
      const w = rangeWindow("7d", end);
      const ticks = timeTicks(w);
      expect(ticks.length, end).toBeGreaterThanOrEqual(3);
      expect(ticks[0]! - w.from, end).toBeLessThan(2 * DAY);
      expect(w.to - ticks.at(-1)!, end).toBeLessThan(2 * DAY);
    }
  });

  it("says no data when nothing in the window has a value", () => {
    const w = { from: 1000, to: 2000 };
    expect(hasData([], w)).toBe(false);
    expect(hasData([{ t: 1500, v: null }], w)).toBe(false);
    expect(hasData([{ t: 500, v: 3 }], w)).toBe(false);
    expect(hasData([{ t: 1500, v: 0 }], w)).toBe(true);
    expect(hasData([{ t: 500, v: 3 }])).toBe(true);
  });

  it("labels ticks in the viewer's zone: times of day, or days over long spans", () => {
    const t = Date.parse("2026-12-01T10:00:00Z");
    expect(formatAxisTime(t, "UTC", H)).toBe("10:00");
    expect(formatAxisTime(t, "Europe/Berlin", H)).toBe("11:00");
    expect(formatAxisTime(t, "America/Los_Angeles", 7 * 24 * H)).toBe("12-01");
  });
});
