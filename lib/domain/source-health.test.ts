import { describe, expect, it } from "vitest";
import { hourStats } from "./source-health";

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
