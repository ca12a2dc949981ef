import { describe, expect, it } from "vitest";
import {
  formatAgo,
  formatClock,
  formatDateTime,
  formatUtcFull,
  resolveTimeZone,
  timeTitle,
  zoneLabel,
} from "./time-format";

const at = "2026-12-01T10:04:05.678Z";

describe("absolute times", () => {
  it("renders in the viewer's zone with its UTC offset, one format for every page", () => {
    expect(formatDateTime(at, "UTC")).toBe("2026-12-01 10:04 UTC");
    expect(formatDateTime(at, "UTC", { seconds: true })).toBe("2026-12-01 10:04:05 UTC");
    expect(formatDateTime(at, "Europe/Berlin")).toBe("2026-12-01 11:04 UTC+1");
    expect(formatDateTime(at, "Asia/Kolkata")).toBe("2026-12-01 15:34 UTC+5:30");
    expect(formatDateTime(at, "America/St_Johns")).toBe("2026-12-01 06:34 UTC−3:30");
    // Summer time moves the offset, and the date rolls over with the zone.
    expect(formatDateTime("2026-07-01T23:30:00Z", "Europe/Berlin")).toBe("2026-07-02 01:30 UTC+2");
    expect(formatDateTime("2026-07-01T00:30:00Z", "America/Los_Angeles")).toBe("2026-06-30 17:30 UTC−7");
  });

  it("a time of day for 'since …', with seconds only when asked", () => {
    expect(formatClock(at, "Europe/Berlin")).toBe("11:04 UTC+1");
    expect(formatClock(at, "UTC", { seconds: true })).toBe("10:04:05 UTC");
    expect(formatClock("2026-12-01T23:00:00Z", "Europe/Berlin")).toBe("00:00 UTC+1");
  });

  it("hover text is the instant in UTC, with the local form first when the zone is not UTC", () => {
    expect(formatUtcFull(at)).toBe("2026-12-01 10:04:05 UTC");
    expect(timeTitle(at, "UTC")).toBe("2026-12-01 10:04:05 UTC");
    expect(timeTitle(at, "Europe/Berlin")).toBe("2026-12-01 11:04:05 UTC+1 · 2026-12-01 10:04:05 UTC");
  });

  it("returns what it was given when it is not a date", () => {
    expect(formatDateTime("not a date", "UTC")).toBe("not a date");
    expect(formatClock("", "UTC")).toBe("");
    expect(timeTitle("nope", "Europe/Berlin")).toBe("nope");
  });
});

describe("zones", () => {
  it("accepts IANA zones and falls back to UTC for anything else (a cookie may carry anything)", () => {
    expect(resolveTimeZone("Europe/Berlin")).toBe("Europe/Berlin");
    expect(resolveTimeZone("Mars/Olympus_Mons")).toBe("UTC");
    expect(resolveTimeZone("")).toBe("UTC");
    expect(resolveTimeZone(undefined)).toBe("UTC");
    expect(resolveTimeZone("x".repeat(5000))).toBe("UTC");
  });

  it("labels offsets as UTC±h[:mm]", () => {
    expect(zoneLabel(0, "UTC")).toBe("UTC");
    expect(zoneLabel(0, "Europe/London")).toBe("UTC+0");
    expect(zoneLabel(60, "Europe/Berlin")).toBe("UTC+1");
    expect(zoneLabel(-210, "America/St_Johns")).toBe("UTC−3:30");
    expect(zoneLabel(345, "Asia/Kathmandu")).toBe("UTC+5:45");
  });
});

describe("relative times", () => {
  const ref = "2026-12-01T12:00:00Z";
  it("one format in both directions", () => {
    expect(formatAgo("2026-12-01T11:59:30Z", ref)).toBe("just now");
    expect(formatAgo("2026-12-01T11:56:00Z", ref)).toBe("4 min ago");
    expect(formatAgo("2026-12-01T09:00:00Z", ref)).toBe("3 h ago");
    expect(formatAgo("2026-11-28T12:00:00Z", ref)).toBe("3 d ago");
    expect(formatAgo("2026-12-01T12:04:00Z", ref)).toBe("in 4 min");
    expect(formatAgo("2026-12-01T12:00:20Z", ref)).toBe("just now");
    expect(formatAgo("garbage", ref)).toBe("garbage");
  });
});
