"use client";
// A tiny line chart for a metric's last hour. Fed already-shaped points (lib/domain/series.ts).
import { Line, LineChart, YAxis } from "recharts";
import type { Point } from "@/lib/domain/series";

export function Sparkline({
  points,
  label,
  width = 120,
  height = 32,
}: {
  points: Point[];
  label: string;
  width?: number;
  height?: number;
}) {
  return (
    <LineChart width={width} height={height} data={points} role="img" aria-label={label}>
      <YAxis hide domain={["auto", "auto"]} />
      <Line
        type="monotone"
        dataKey="v"
        stroke="var(--accent)"
        strokeWidth={1.5}
        dot={false}
        isAnimationActive={false}
        connectNulls={false}
      />
    </LineChart>
  );
}
