"use client";
// DORA over time: deployments per day (succeeded and failed, stacked) and the median lead time of
// each day's successes. Fed lib/domain/dora.ts's already-shaped days.
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import type { DoraDay } from "@/lib/domain/dora";

const axis = { stroke: "var(--text-muted)", fontSize: 11 } as const;
const tooltipStyle = { background: "var(--surface)", border: "1px solid var(--border)", color: "var(--text)" };

export function DoraCharts({ days }: { days: DoraDay[] }) {
  const data = days.map((d) => ({ ...d, label: d.day.slice(5) }));
  if (!days.some((d) => d.succeeded + d.failures > 0)) {
    return (
      <p className="chart-empty muted" style={{ height: 120 }} data-testid="dora-empty">
        No deployments in this range.
      </p>
    );
  }
  return (
    <div className="chart-grid">
      <figure role="img" aria-label="Deployments per day, succeeded and failed" data-testid="dora-deployments-chart">
        <figcaption className="metric-label">Deployments per day</figcaption>
        <BarChart
          responsive
          style={{ width: "100%", height: 200 }}
          data={data}
          margin={{ top: 8, right: 8, left: 0, bottom: 0 }}
        >
          <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
          <XAxis dataKey="label" {...axis} />
          <YAxis allowDecimals={false} width={32} {...axis} />
          <Tooltip contentStyle={tooltipStyle} />
          <Legend />
          <Bar dataKey="succeeded" name="succeeded" stackId="d" fill="var(--ok)" isAnimationActive={false} />
          <Bar
            dataKey="failures"
            name="failed or rolled back"
            stackId="d"
            fill="var(--bad)"
            isAnimationActive={false}
          />
        </BarChart>
      </figure>
      <figure role="img" aria-label="Median lead time per day, in hours" data-testid="dora-lead-time-chart">
        <figcaption className="metric-label">Lead time (median, hours)</figcaption>
        <LineChart
          responsive
          style={{ width: "100%", height: 200 }}
          data={data}
          margin={{ top: 8, right: 8, left: 0, bottom: 0 }}
        >
          <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
          <XAxis dataKey="label" {...axis} />
          <YAxis width={40} {...axis} />
          <Tooltip contentStyle={tooltipStyle} />
          <Line
            type="monotone"
            dataKey="leadTimeHours"
            name="lead time (h)"
            stroke="var(--accent)"
            strokeWidth={2}
            connectNulls
            isAnimationActive={false}
          />
        </LineChart>
      </figure>
    </div>
  );
}
