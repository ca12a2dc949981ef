"use client";
// Recharts loads after first paint; the latest value is already on the server-rendered page.
import dynamic from "next/dynamic";

export const LazyMetricChart = dynamic(() => import("./metric-chart").then((m) => m.MetricChart), {
  ssr: false,
  loading: () => <div style={{ height: 180 }} aria-hidden="true" />,
});
