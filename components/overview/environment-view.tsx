"use client";
// One environment: its card and its applications, from the same polled overview data.
import { useQuery } from "@tanstack/react-query";
import { overviewQuery } from "@/lib/query/overview";
import type { Overview } from "@/lib/server/overview/types";
import { AppMatrix } from "./app-matrix";
import { EnvironmentCard } from "./environment-card";
import { SourceStatusBar } from "./source-status";

export function EnvironmentView({ env, pollIntervalMs }: { env: string; pollIntervalMs: number }) {
  const { data, error } = useQuery(overviewQuery(pollIntervalMs));
  const e = data?.environments.find((x) => x.name === env);
  if (!data || !e) return <p className="alert">This environment could not be loaded.</p>;
  const only: Overview = {
    ...data,
    environments: [e],
    sources: data.sources.filter((s) => !s.id.includes(":") || s.id.endsWith(`:${env}`)),
  };
  return (
    <>
      <SourceStatusBar sources={only.sources} generatedAt={data.generatedAt} refreshError={error?.message ?? null} />
      <div className="grid env-grid">
        <EnvironmentCard env={e} />
      </div>
      <h2>Applications</h2>
      <AppMatrix overview={only} />
    </>
  );
}
