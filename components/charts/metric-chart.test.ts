// The chart's states that are not a line: no data for the range, and loading a new range.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { MetricChart } from "./metric-chart";

const timeWindow = { from: 1_000_000, to: 4_600_000 };

describe("<MetricChart>", () => {
  it("says 'No data for this range' instead of drawing empty axes", () => {
    for (const points of [[], [{ t: 2_000_000, v: null }], [{ t: 10, v: 4 }]]) {
      const html = renderToStaticMarkup(
        createElement(MetricChart, { points, unit: "rps", label: "Request rate", timeWindow }),
      );
      expect(html).toContain("No data for this range.");
      expect(html).not.toContain("recharts");
    }
  });

  it("says it is loading while a new range is fetched, in place of 'no data'", () => {
    const html = renderToStaticMarkup(
      createElement(MetricChart, { points: [], unit: "rps", label: "Request rate", timeWindow, loading: true }),
    );
    expect(html).toContain('role="status"');
    expect(html).toContain("Loading…");
    expect(html).not.toContain("No data for this range.");
    const drawn = renderToStaticMarkup(
      createElement(MetricChart, {
        points: [{ t: 2_000_000, v: 1 }],
        unit: "rps",
        label: "Request rate",
        timeWindow,
        loading: true,
      }),
    );
    expect(drawn).toContain('aria-busy="true"');
    expect(drawn).toContain("Loading…");
  });
});
