import { describe, expect, it } from "vitest";
import { upstreamExample } from "@/tests/integrations/upstream-examples";
import { dashboardLink, mapDsQuery } from "./mapping";
import { dsQueryResponseSchema } from "./schemas";

// First source: grafana-client's (MIT) fixture of the /api/ds/query answer a Prometheus data source gives
// to `1+1` (contracts/examples/grafana; origin in contracts/README.md): one frame, the time field first, a
// value field with empty labels. Labels and a NaN sample (sent as null) are covered by the recorded answer.
describe("mapDsQuery on a Prometheus data source's answer (grafana-client)", () => {
  it("keeps the frame's series with its labels and the value at its time", () => {
    const body = dsQueryResponseSchema.parse(upstreamExample("grafana/grafana-client-prometheus-health.json"));
    const { series, error } = mapDsQuery(body);
    expect(error).toBeNull();
    expect(series).toEqual({ test: [{ labels: {}, points: [[0, 2]] }] });
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
