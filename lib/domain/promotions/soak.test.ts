import { describe, expect, it } from "vitest";
import { soakStatus } from "./soak";

const now = new Date("2026-12-01T10:00:00Z");
const ago = (m: number) => new Date(now.getTime() - m * 60_000);

describe("soakStatus", () => {
  it("is met once Healthy for minSoakMinutes", () => {
    expect(soakStatus({ healthySince: ago(30), minSoakMinutes: 30, now })).toEqual({
      met: true,
      healthySince: ago(30),
      requiredMinutes: 30,
      remainingMinutes: 0,
      readyAt: null,
    });
  });
  it("says how long is left and when it will be ready, rounding up", () => {
    expect(soakStatus({ healthySince: new Date(ago(10).getTime() - 30_000), minSoakMinutes: 30, now })).toEqual({
      met: false,
      healthySince: new Date(ago(10).getTime() - 30_000),
      requiredMinutes: 30,
      remainingMinutes: 20,
      readyAt: new Date(now.getTime() + 19.5 * 60_000),
    });
  });
  it("is not met, with no wait that would help, when the source is not Healthy", () => {
    expect(soakStatus({ healthySince: null, minSoakMinutes: 30, now })).toEqual({
      met: false,
      healthySince: null,
      requiredMinutes: 30,
      remainingMinutes: null,
      readyAt: null,
    });
  });
  it("no soak required is always met", () => {
    expect(soakStatus({ healthySince: null, minSoakMinutes: 0, now })).toMatchObject({
      met: true,
      remainingMinutes: 0,
    });
  });
});
