import { describe, expect, it } from "vitest";
import { figure, figureTable, repeatRuns, summarise, verdictLabel } from "@/bench/lib/figures";

describe("bench figures", () => {
  it("judges on the median and flags a spread that straddles the target", () => {
    const s = summarise([90, 120, 95, 99, 101], { max: 100 });
    expect(s).toEqual({ runs: 5, min: 90, median: 99, max: 120, verdict: "PASS", unstable: true });
    expect(verdictLabel(s)).toBe("PASS, unstable");
  });

  it("is stable when every run is on the same side of the target", () => {
    expect(verdictLabel(summarise([10, 11, 12, 13, 14], { max: 100 }))).toBe("PASS");
    expect(verdictLabel(summarise([110, 120, 130, 140, 150], { max: 100 }))).toBe("FAIL");
    expect(verdictLabel(summarise([5, 30, 21, 19, 25], { min: 20 }))).toBe("PASS, unstable");
    expect(verdictLabel(summarise([5, 6, 7, 8, 9], { min: 20 }))).toBe("FAIL");
    expect(verdictLabel(summarise([5, 6, 7, 8, 9]))).toBe("info");
  });

  it("refuses fewer than five runs or a run without a figure", async () => {
    expect(() => summarise([1, 2, 3, 4], { max: 10 })).toThrow(/at least 5 runs/);
    expect(() => summarise([1, 2, 3, 4, Number.NaN])).toThrow(/no figure/);
    await expect(repeatRuns(3, () => 1)).rejects.toThrow(/at least 5 runs/);
  });

  it("runs in sequence and notes the load before and after each run", async () => {
    const order: number[] = [];
    const r = await repeatRuns(5, async (i) => {
      order.push(i);
      return i * 2;
    });
    expect(order).toEqual([0, 1, 2, 3, 4]);
    expect(r.results).toEqual([0, 2, 4, 6, 8]);
    expect(r.loads).toHaveLength(6);
  });

  it("writes one table row per figure with min / median / max and the target", () => {
    const table = figureTable([
      figure({ name: "warm p95", values: [90, 120, 95, 99, 101], unit: "ms", target: { max: 100 } }),
    ]);
    expect(table.split("\n")[2]).toBe("| PASS, unstable | warm p95 | 99.0 ms | 90.0 / 99.0 / 120 ms (5) | ≤ 100 ms |");
  });
});
