import { describe, expect, it } from "vitest";
import { dashboardLink, mapDsQuery } from "./mapping";
import { dsQueryResponseSchema } from "./schemas";

// Recorded /api/ds/query answer (Grafana data frames from Prometheus), trimmed to two series.
const recorded = {
  results: {
    requestRate: {
      status: 200,
      frames: [
        {
          schema: {
            refId: "requestRate",
            meta: { type: "timeseries-multi", custom: { resultType: "matrix" } },
            fields: [
              { name: "Time", type: "time", config: { interval: 60000 } },
              { name: "Value", type: "number", labels: { env: "dev" }, config: {} },
            ],
          },
          data: {
            values: [
              [1795738680000, 1795738740000],
              [0.92, null],
            ],
          },
        },
        {
          schema: {
            refId: "requestRate",
            fields: [
              { name: "Time", type: "time" },
              { name: "Value", type: "number", labels: { env: "prod" } },
            ],
          },
          data: { values: [[1795738680000], [18.8]] },
        },
      ],
    },
    errorRatio: { status: 200, frames: [{ schema: { refId: "errorRatio", fields: [] }, data: { values: [] } }] },
  },
};

describe("mapDsQuery", () => {
  it("turns frames into labelled series per refId, keeping nulls", () => {
    const { series, error } = mapDsQuery(dsQueryResponseSchema.parse(recorded));
    expect(error).toBeNull();
    expect(series.requestRate).toEqual([
      {
        labels: { env: "dev" },
        points: [
          [1795738680000, 0.92],
          [1795738740000, null],
        ],
      },
      { labels: { env: "prod" }, points: [[1795738680000, 18.8]] },
    ]);
    expect(series.errorRatio).toEqual([]);
  });

  it("reports a failed query's error", () => {
    const { error } = mapDsQuery(
      dsQueryResponseSchema.parse({ results: { A: { status: 400, error: "parse error at char 5" } } }),
    );
    expect(error).toBe("query A: parse error at char 5");
  });
});

describe("dashboardLink", () => {
  it("carries the range and repeated var- parameters", () => {
    expect(
      dashboardLink(
        "https://grafana.example.com/",
        "nura-overview",
        { from: "now-6h", to: "now" },
        { env: "prod", app: "nura-core" },
      ),
    ).toBe("https://grafana.example.com/d/nura-overview?orgId=1&from=now-6h&to=now&var-env=prod&var-app=nura-core");
  });
});
