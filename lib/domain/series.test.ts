import { describe, expect, it } from "vitest";
import { downsample, formatMetric, groupByLabel, latestValue, singleSeries, toPoints } from "./series";

describe("series shaping", () => {
  it("sorts points by time and keeps gaps as null", () => {
    expect(
      toPoints([
        [2, 5],
        [1, null],
        [3, Number.NaN],
      ]),
    ).toEqual([
      { t: 1, v: null },
      { t: 2, v: 5 },
      { t: 3, v: null },
    ]);
  });
  it("groups series by a label and ignores series without it", () => {
    const g = groupByLabel(
      [
        { labels: { env: "dev" }, points: [[1, 1]] },
        { labels: { env: "prod" }, points: [[1, 9]] },
        { labels: {}, points: [[1, 0]] },
      ],
      "env",
    );
    expect([...g.keys()]).toEqual(["dev", "prod"]);
    expect(g.get("prod")).toEqual([{ t: 1, v: 9 }]);
  });
  it("takes the only series of an ungrouped query, or none", () => {
    expect(singleSeries([])).toEqual([]);
    expect(singleSeries([{ labels: {}, points: [[1, 2]] }])).toEqual([{ t: 1, v: 2 }]);
  });
  it("finds the latest non-null value", () => {
    expect(
      latestValue([
        { t: 1, v: 3 },
        { t: 2, v: null },
      ]),
    ).toBe(3);
    expect(latestValue([{ t: 1, v: null }])).toBeNull();
  });
  it("downsamples by averaging buckets and keeps all-null buckets null", () => {
    const pts = [1, 2, 3, 4, null, null].map((v, i) => ({ t: i, v }));
    expect(downsample(pts, 3)).toEqual([
      { t: 1, v: 1.5 },
      { t: 3, v: 3.5 },
      { t: 5, v: null },
    ]);
    expect(downsample(pts, 10)).toBe(pts);
    expect(downsample(pts, 0)).toEqual([]);
  });
  it("formats each unit", () => {
    expect(formatMetric(68.9, "rps")).toBe("68.9 req/s");
    expect(formatMetric(0.25, "ratio")).toBe("25.0 %");
    expect(formatMetric(0.002, "ratio")).toBe("0.20 %");
    expect(formatMetric(0.246, "seconds")).toBe("246 ms");
    expect(formatMetric(1.2, "seconds")).toBe("1.20 s");
    expect(formatMetric(null, "rps")).toBe("–");
  });
});
