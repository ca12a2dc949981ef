import { describe, expect, it } from "vitest";
import { evaluateVerification } from "./verification";

const thresholds = { maxErrorRatio: 0.02, maxP95Ms: 800 };

describe("evaluateVerification", () => {
  it("passes when the worst sample of each metric is within its threshold", () => {
    const r = evaluateVerification(
      {
        errorRatio: [
          [1700000000, "0.001"],
          [1700000015, "0.02"],
        ],
        p95Ms: [
          { t: 1, v: 120 },
          { t: 2, v: 800 },
        ],
      },
      thresholds,
    );
    expect(r).toEqual({
      passed: true,
      checks: [
        { name: "error ratio", value: 0.02, threshold: 0.02, ok: true, samples: 2, detail: "error ratio 2% ≤ 2%" },
        {
          name: "p95 latency",
          value: 800,
          threshold: 800,
          ok: true,
          samples: 2,
          detail: "p95 latency 800 ms ≤ 800 ms",
        },
      ],
      summary: "verification passed: error ratio 2% ≤ 2%; p95 latency 800 ms ≤ 800 ms",
    });
  });

  it("fails on a single sample over a threshold, naming it", () => {
    const r = evaluateVerification(
      {
        errorRatio: [
          { t: 1, v: 0.001 },
          { t: 2, v: 0.25 },
          { t: 3, v: 0.001 },
        ],
        p95Ms: [{ t: 1, v: 1234.5 }],
      },
      thresholds,
    );
    expect(r.passed).toBe(false);
    expect(r.checks.map((c) => c.ok)).toEqual([false, false]);
    expect(r.summary).toBe(
      "verification failed: error ratio reached 25%, above the limit of 2%; p95 latency reached 1235 ms, above the limit of 800 ms",
    );
  });

  it("no data is a failing check, not a pass; gaps (null, NaN, Inf) are not data", () => {
    const r = evaluateVerification(
      { errorRatio: [], p95Ms: [[1, "NaN"], [2, null], { t: 3, v: Number.POSITIVE_INFINITY }] },
      thresholds,
    );
    expect(r.passed).toBe(false);
    expect(r.checks).toEqual([
      {
        name: "error ratio",
        value: null,
        threshold: 0.02,
        ok: false,
        samples: 0,
        detail: "no data for error ratio in the watch window (is the service receiving traffic and scraped?)",
      },
      {
        name: "p95 latency",
        value: null,
        threshold: 800,
        ok: false,
        samples: 0,
        detail: "no data for p95 latency in the watch window (is the service receiving traffic and scraped?)",
      },
    ]);
  });

  it("one metric missing fails even when the other is fine", () => {
    const r = evaluateVerification({ errorRatio: [{ t: 1, v: 0 }], p95Ms: [] }, thresholds);
    expect(r.passed).toBe(false);
    expect(r.summary).toBe(
      "verification failed: no data for p95 latency in the watch window (is the service receiving traffic and scraped?)",
    );
  });
});
