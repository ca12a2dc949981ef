"use client";
// A metric over the selected range with axes and a tooltip. Fed already-shaped points.
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import { formatMetric, type Point } from "@/lib/domain/series";

type Unit = "rps" | "ratio" | "seconds";

function tick(t: number, spanMs: number) {
  const iso = new Date(t).toISOString();
  return spanMs > 36 * 3_600_000 ? iso.slice(5, 10) : iso.slice(11, 16);
}

export function MetricChart({ points, unit, label }: { points: Point[]; unit: Unit; label: string }) {
  const span = points.length > 1 ? points[points.length - 1]!.t - points[0]!.t : 0;
  return (
    <div role="img" aria-label={label}>
      <LineChart
        responsive
        style={{ width: "100%", height: 180 }}
        data={points}
        margin={{ top: 8, right: 8, bottom: 0, left: 0 }}
      >
        <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
        <XAxis
          dataKey="t"
          type="number"
          domain={["dataMin", "dataMax"]}
          tickFormatter={(t: number) => tick(t, span)}
          stroke="var(--text-muted)"
          fontSize={11}
        />
        <YAxis
          width={64}
          tickFormatter={(v: number) => formatMetric(v, unit)}
          stroke="var(--text-muted)"
          fontSize={11}
        />
        <Tooltip
          labelFormatter={(t) => `${new Date(Number(t)).toISOString().slice(0, 16).replace("T", " ")} UTC`}
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
  );
}
