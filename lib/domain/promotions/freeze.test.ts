import { describe, expect, it } from "vitest";
import { type FreezeWindow, freezeStatus, freezeWindowSchema, isTimeZone } from "./freeze";

const berlin = (weekly: { from: string; to: string }, name = "weekend freeze"): FreezeWindow =>
  freezeWindowSchema.parse({ name, timeZone: "Europe/Berlin", weekly });
const at = (iso: string) => new Date(iso);

describe("freezeStatus: weekly windows", () => {
  const weekend = { freezeWindows: [berlin({ from: "Fri 16:00", to: "Mon 08:00" })] };

  it("is frozen from Friday 16:00 to Monday 08:00 Berlin time (15:00 → 07:00 UTC in winter)", () => {
    expect(freezeStatus(weekend, at("2026-12-04T14:59:00Z")).frozen).toBe(false);
    expect(freezeStatus(weekend, at("2026-12-04T15:00:00Z"))).toEqual({
      frozen: true,
      window: { name: "weekend freeze", reason: "" },
      until: at("2026-12-07T07:00:00Z"),
    });
    expect(freezeStatus(weekend, at("2026-12-06T23:59:59Z")).until).toEqual(at("2026-12-07T07:00:00Z"));
    expect(freezeStatus(weekend, at("2026-12-07T06:59:59Z")).frozen).toBe(true);
    expect(freezeStatus(weekend, at("2026-12-07T07:00:00Z"))).toEqual({ frozen: false, window: null, until: null });
    expect(freezeStatus(weekend, at("2026-12-02T12:00:00Z")).frozen).toBe(false);
  });

  it("follows daylight saving: in summer the same local window is 14:00 → 06:00 UTC", () => {
    expect(freezeStatus(weekend, at("2026-07-03T13:59:00Z")).frozen).toBe(false);
    expect(freezeStatus(weekend, at("2026-07-03T14:00:00Z")).until).toEqual(at("2026-07-06T06:00:00Z"));
  });

  it("ends at the right instant when the clocks change inside the window (Berlin, 2027-03-28)", () => {
    // Friday 26 March 16:00 CET (15:00 UTC) → Monday 29 March 08:00 CEST (06:00 UTC).
    expect(freezeStatus(weekend, at("2027-03-26T15:30:00Z")).until).toEqual(at("2027-03-29T06:00:00Z"));
    // autumn: Friday 2026-10-23 16:00 CEST → Monday 2026-10-26 08:00 CET (07:00 UTC)
    expect(freezeStatus(weekend, at("2026-10-23T15:00:00Z")).until).toEqual(at("2026-10-26T07:00:00Z"));
  });

  it("a window within one day, and one wrapping around Sunday night", () => {
    const lunch = { freezeWindows: [berlin({ from: "Wed 12:00", to: "Wed 13:00" }, "lunch")] };
    expect(freezeStatus(lunch, at("2026-12-02T11:30:00Z")).until).toEqual(at("2026-12-02T12:00:00Z"));
    expect(freezeStatus(lunch, at("2026-12-02T12:00:00Z")).frozen).toBe(false);
    expect(freezeStatus(lunch, at("2026-12-09T10:59:00Z")).frozen).toBe(false);
    const sundayNight = { freezeWindows: [berlin({ from: "Sun 22:00", to: "Mon 02:00" }, "maintenance")] };
    expect(freezeStatus(sundayNight, at("2026-12-06T23:00:00Z")).until).toEqual(at("2026-12-07T01:00:00Z"));
    expect(freezeStatus(sundayNight, at("2026-12-07T00:30:00Z")).until).toEqual(at("2026-12-07T01:00:00Z"));
  });

  it("uses the window's own time zone", () => {
    const tokyo = {
      freezeWindows: [
        freezeWindowSchema.parse({
          name: "jp",
          timeZone: "Asia/Tokyo",
          weekly: { from: "Mon 09:00", to: "Mon 10:00" },
        }),
      ],
    };
    // Monday 09:30 in Tokyo is Monday 00:30 UTC
    expect(freezeStatus(tokyo, at("2026-12-07T00:30:00Z")).until).toEqual(at("2026-12-07T01:00:00Z"));
    expect(freezeStatus(tokyo, at("2026-12-07T09:30:00Z")).frozen).toBe(false);
  });
});

describe("freezeStatus: one-off ranges and several windows", () => {
  const yearEnd = freezeWindowSchema.parse({
    name: "year-end freeze",
    reason: "holidays",
    timeZone: "Europe/Berlin",
    from: "2026-12-23 00:00",
    to: "2027-01-04 08:00",
  });

  it("is frozen between the local from and to", () => {
    const env = { freezeWindows: [yearEnd] };
    expect(freezeStatus(env, at("2026-12-22T22:59:00Z")).frozen).toBe(false);
    expect(freezeStatus(env, at("2026-12-22T23:00:00Z"))).toEqual({
      frozen: true,
      window: { name: "year-end freeze", reason: "holidays" },
      until: at("2027-01-04T07:00:00Z"),
    });
    expect(freezeStatus(env, at("2027-01-04T07:00:00Z")).frozen).toBe(false);
  });

  it("chains windows that meet or overlap, reporting the end of the last one", () => {
    const env = {
      freezeWindows: [
        yearEnd,
        // the weekend freeze starting Fri 2027-01-01 16:00 ends Mon 2027-01-04 08:00, inside the range
        berlin({ from: "Fri 16:00", to: "Mon 08:00" }),
        freezeWindowSchema.parse({
          name: "release week",
          timeZone: "UTC",
          from: "2027-01-04 07:00",
          to: "2027-01-05 00:00",
        }),
      ],
    };
    expect(freezeStatus(env, at("2026-12-24T10:00:00Z"))).toEqual({
      frozen: true,
      window: { name: "year-end freeze", reason: "holidays" },
      until: at("2027-01-05T00:00:00Z"),
    });
  });

  it("an environment without windows is never frozen", () => {
    expect(freezeStatus({ freezeWindows: [] }, at("2026-12-05T12:00:00Z"))).toEqual({
      frozen: false,
      window: null,
      until: null,
    });
  });
});

describe("freezeWindowSchema", () => {
  const bad = (w: unknown) => {
    const r = freezeWindowSchema.safeParse(w);
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
  };

  it("accepts what a release manager writes", () => {
    expect(bad({ name: "w", timeZone: "UTC", weekly: { from: "Fri 18:00", to: "Mon 06:00" } })).toEqual([]);
    expect(bad({ name: "r", timeZone: "America/New_York", from: "2026-11-26T00:00", to: "2026-11-30 09:00" })).toEqual(
      [],
    );
  });

  it("names what is wrong", () => {
    expect(bad({ name: "w", timeZone: "Mars/Olympus", weekly: { from: "Fri 18:00", to: "Mon 06:00" } })).toEqual([
      "timeZone: must be an IANA time zone like Europe/Berlin or UTC",
    ]);
    expect(bad({ name: "w", timeZone: "UTC", weekly: { from: "Friday 18:00", to: "Mon 24:00" } }).join("\n")).toContain(
      'weekly.from: must be a weekday and a 24-hour time like "Fri 18:00"',
    );
    expect(bad({ name: "w", timeZone: "UTC", weekly: { from: "Fri 18:00", to: "Fri 18:00" } })).toEqual([
      "weekly.to: must differ from weekly.from",
    ]);
    expect(bad({ name: "r", timeZone: "UTC", from: "2026-12-10 00:00", to: "2026-12-09 00:00" })).toEqual([
      "to: must be after from",
    ]);
    expect(bad({ name: "r", timeZone: "UTC", from: "2026-02-30 00:00", to: "2026-03-09 00:00" }).join("\n")).toContain(
      "is not a real calendar date",
    );
    expect(
      bad({ name: "r", timeZone: "UTC", from: "2026-12-10 00:00", to: "2026-12-11 00:00", weekly: {} }),
    ).not.toEqual([]);
    expect(bad({ timeZone: "UTC", weekly: { from: "Fri 18:00", to: "Mon 06:00" } })).not.toEqual([]);
  });

  it("isTimeZone knows IANA names", () => {
    expect(isTimeZone("Europe/Berlin")).toBe(true);
    expect(isTimeZone("UTC")).toBe(true);
    expect(isTimeZone("Nowhere/Land")).toBe(false);
  });
});
