"use client";
// The overview, hydrated from the server render and then polled in place (no flicker: the
// previous data stays on screen while a refetch runs).
import { useQuery } from "@tanstack/react-query";
import { overviewQuery } from "@/lib/query/overview";
import { AppMatrix } from "./app-matrix";
import { EnvironmentCard } from "./environment-card";
import { SourceStatusBar } from "./source-status";

/** `requestableEnvs`: where the signed-in user may request a promotion (the server re-checks). */
export function OverviewView({
  pollIntervalMs,
  requestableEnvs,
}: {
  pollIntervalMs: number;
  requestableEnvs: string[];
}) {
  const { data, error, fetchStatus } = useQuery(overviewQuery(pollIntervalMs));
  if (!data) return <p className="alert">The overview could not be loaded{error ? `: ${error.message}` : ""}.</p>;
  return (
    <>
      <SourceStatusBar
        sources={data.sources}
        generatedAt={data.generatedAt}
        refreshError={error?.message ?? null}
        paused={fetchStatus === "paused"}
      />
      <div className="grid env-grid">
        {data.environments.map((env) => (
          <EnvironmentCard key={env.name} env={env} />
        ))}
      </div>
      <h2>Applications</h2>
      <AppMatrix overview={data} requestableEnvs={requestableEnvs} />
    </>
  );
}
