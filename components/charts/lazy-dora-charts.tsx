"use client";
// Recharts loads after first paint; the DORA figures are already in the server-rendered cards.
import dynamic from "next/dynamic";

export const LazyDoraCharts = dynamic(() => import("./dora-charts").then((m) => m.DoraCharts), {
  ssr: false,
  loading: () => <div style={{ height: 230 }} aria-hidden="true" />,
});
