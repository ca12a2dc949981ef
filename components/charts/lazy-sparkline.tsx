"use client";
// Recharts is loaded after first paint, so it stays out of the overview's first-load JS; the
// server-rendered value next to it is the first paint.
import dynamic from "next/dynamic";

export const LazySparkline = dynamic(() => import("./sparkline").then((m) => m.Sparkline), {
  ssr: false,
  loading: () => <span className="spark-placeholder" aria-hidden="true" />,
});
