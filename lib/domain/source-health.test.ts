import { describe, expect, it } from "vitest";
import { hourStats, soakStatus } from "./source-health";

describe("hourStats", () => {
  it("gives latest, worst and mean over the hour, ignoring gaps", () => {
    expect(
      hourStats([
        { t: 1, v: 0.01 },
        { t: 2, v: null },
        { t: 3, v: 0.05 },
        { t: 4, v: 0.03 },
      ]),
    ).toEqual({ latest: 0.03, max: 0.05, mean: 0.03 });
    expect(hourStats([])).toEqual({ latest: null, max: null, mean: null });
  });
});

describe("soakStatus", () => {
  const now = new Date("2026-12-01T10:00:00Z");
  it("is ok once Healthy for the soak time", () => {
    expect(soakStatus({ health: "Healthy", runningSince: "2026-12-01T09:00:00Z", minSoakMinutes: 30, now })).toEqual({
      state: "ok",
      healthyForMinutes: 60,
      minSoakMinutes: 30,
    });
  });
  it("says when it will be ready while soaking", () => {
    expect(soakStatus({ health: "Healthy", runningSince: "2026-12-01T09:50:00Z", minSoakMinutes: 30, now })).toEqual({
      state: "soaking",
      healthyForMinutes: 10,
      minSoakMinutes: 30,
      readyAt: "2026-12-01T10:20:00.000Z",
    });
  });
  it("is not ok while the source is not Healthy, and unknown without data", () => {
    expect(soakStatus({ health: "Degraded", runningSince: null, minSoakMinutes: 0, now }).state).toBe("unhealthy");
    expect(soakStatus({ health: null, runningSince: null, minSoakMinutes: 5, now }).state).toBe("unknown");
    expect(soakStatus({ health: "Healthy", runningSince: null, minSoakMinutes: 5, now }).state).toBe("unknown");
    expect(soakStatus({ health: "Healthy", runningSince: null, minSoakMinutes: 0, now }).state).toBe("ok");
  });
});
