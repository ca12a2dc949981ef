import { describe, expect, it } from "vitest";
import { upstreamExample } from "@/tests/integrations/upstream-examples";
import { dashboardLink, mapDsQuery } from "./mapping";
import { dsQueryResponseSchema } from "./schemas";

// First source: Grafana's own golden files for its Prometheus data source (contracts/examples/grafana,
// origins in contracts/README.md): one query's backend.DataResponse each. /api/ds/query answers a
// QueryDataResponse, {"results": {<refId>: DataResponse}}, so the test puts each under a refId.
describe("mapDsQuery on Grafana's golden responses", () => {
  const answer = (file: string) => dsQueryResponseSchema.parse({ results: { A: upstreamExample(`grafana/${file}`) } });

  it("keeps one series per frame with its labels and millisecond times (range_simple)", () => {
    const { series, error } = mapDsQuery(answer("range_simple.result.golden.jsonc"));
    expect(error).toBeNull();
    const labels = { __name__: "prometheus_http_requests_total", handler: "/api/v1/query_range", job: "prometheus" };
    expect(series.A).toEqual([
      {
        labels: { ...labels, code: "200" },
        points: [
          [1641889530123, 21],
          [1641889531123, 32],
          [1641889532123, 43],
        ],
      },
      {
        labels: { ...labels, code: "400" },
        points: [
          [1641889529123, 54],
          [1641889532123, 76],
        ],
      },
    ]);
  });

  it("reads NaN samples, which the frame JSON sends as null plus an entities note, as gaps (range_nan)", () => {
    const { series } = mapDsQuery(answer("range_nan.result.golden.jsonc"));
    expect(series.A).toEqual([
      {
        labels: { handler: "/api/v1/query_range", job: "prometheus" },
        points: [
          [1641889530000, null],
          [1641889531000, null],
          [1641889532000, null],
        ],
      },
    ]);
  });
});

// Second source: a recorded /api/ds/query answer from the sandbox emulator, trimmed to two series.
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

  it("reads a frame whose value field has no name (Grafana leaves out an empty name)", () => {
    const body = {
      results: {
        A: {
          frames: [
            {
              schema: {
                fields: [
                  { name: "Time", type: "time" },
                  { type: "number", labels: { env: "prod" } },
                ],
              },
              data: { values: [[1795738680000], [3]] },
            },
          ],
        },
      },
    };
    expect(mapDsQuery(dsQueryResponseSchema.parse(body)).series.A).toEqual([
      { labels: { env: "prod" }, points: [[1795738680000, 3]] },
    ]);
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
