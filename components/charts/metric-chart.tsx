"use client";
// A metric over the selected range with axes and a tooltip. Fed already-shaped points; the x-axis
// spans the whole window asked for (lib/domain/chart-axis), "No data for this range" replaces empty
// axes, and while a new range loads the previous chart stays, dimmed, under a "Loading…" note.
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import { useTimeZone } from "@/components/ui/time";
import { hasData, type TimeWindow, timeTicks } from "@/lib/domain/chart-axis";
import { formatMetric, type Point } from "@/lib/domain/series";
import { formatAxisTime, formatDateTime } from "@/lib/domain/time-format";

type Unit = "rps" | "ratio" | "seconds";

const HEIGHT = 180;

export function MetricChart({
  points,
  unit,
  label,
  timeWindow,
  loading = false,
}: {
  points: Point[];
  unit: Unit;
  label: string;
  /** The time range asked for; without it the axis spans the points. */
  timeWindow?: TimeWindow;
  /** A new range is being fetched: what is drawn is the previous one. */
  loading?: boolean;
}) {
  const zone = useTimeZone();
  const span = timeWindow
    ? timeWindow.to - timeWindow.from
    : points.length > 1
      ? points[points.length - 1]!.t - points[0]!.t
      : 0;
  const status = loading ? (
    <p className="chart-note" role="status" data-testid="chart-loading">
      Loading…
    </p>
  ) : null;
  if (!hasData(points, timeWindow)) {
    return (
      <div className="chart-empty" style={{ height: HEIGHT }} data-testid="chart-empty">
        {status ?? <p className="muted">No data for this range.</p>}
      </div>
    );
  }
  return (
    <div className="chart" aria-busy={loading} data-loading={loading}>
      {status}
      <div role="img" aria-label={label}>
        <LineChart
          responsive
          style={{ width: "100%", height: HEIGHT }}
          data={points}
          margin={{ top: 8, right: 12, bottom: 0, left: 0 }}
        >
          <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
          <XAxis
            dataKey="t"
            type="number"
            scale="time"
            domain={timeWindow ? [timeWindow.from, timeWindow.to] : ["dataMin", "dataMax"]}
            ticks={timeWindow ? timeTicks(timeWindow) : undefined}
            allowDataOverflow
            tickFormatter={(t: number) => formatAxisTime(t, zone, span)}
            stroke="var(--text-muted)"
            fontSize={12}
          />
          <YAxis
            width="auto"
            tickCount={4}
            tickFormatter={(v: number) => formatMetric(v, unit)}
            stroke="var(--text-muted)"
            fontSize={12}
          />
          <Tooltip
            labelFormatter={(t) => formatDateTime(new Date(Number(t)).toISOString(), zone)}
            formatter={(v) => [formatMetric(typeof v === "number" ? v : null, unit), label]}
            contentStyle={{ background: "var(--surface)", border: "1px solid var(--border)", color: "var(--text)" }}
          />
          <Line
            type="monotone"
            dataKey="v"
            stroke="var(--accent)"
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
          />
        </LineChart>
      </div>
    </div>
  );
}
