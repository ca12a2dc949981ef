import { describe, expect, it } from "vitest";
import { isTimeRangeKey, keyMetricQueries, promString } from "./metric-queries";

describe("keyMetricQueries", () => {
  it("groups the overview's queries by environment over a regex of the environments", () => {
    const q = keyMetricQueries({ env: ["dev", "staging", "prod"] }, ["env"], "1h");
    expect(q.map((x) => x.refId)).toEqual(["requestRate", "errorRatio", "p95Latency"]);
    expect(q[0]!.expr).toBe('sum by (env) (rate(http_requests_total{env=~"dev|staging|prod"}[5m]))');
    expect(q[1]!.expr).toContain('http_requests_total{env=~"dev|staging|prod",code=~"5.."}');
    expect(q[2]!.expr).toBe(
      'histogram_quantile(0.95, sum by (env, le) (rate(http_request_duration_seconds_bucket{env=~"dev|staging|prod"}[5m])))',
    );
  });
  it("scopes one application in one environment without grouping, with the range's rate window", () => {
    const q = keyMetricQueries({ env: "prod", app: "nura-core" }, [], "7d");
    expect(q[0]!.expr).toBe('sum (rate(http_requests_total{env="prod",app="nura-core"}[1h]))');
    expect(q[2]!.expr).toContain("sum by (le)");
  });
  it("escapes label values", () => {
    expect(promString('a"b\\c')).toBe('"a\\"b\\\\c"');
  });
  it("knows its ranges", () => {
    expect(isTimeRangeKey("6h")).toBe(true);
    expect(isTimeRangeKey("2h")).toBe(false);
    expect(isTimeRangeKey("toString")).toBe(false);
  });
});
