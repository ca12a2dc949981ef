"use client";
// The overview, hydrated from the server render and then polled in place (no flicker: the
// previous data stays on screen while a refetch runs). The application filter is in the URL.
import { useQuery } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import {
  filterApplications,
  type OverviewFilter,
  overviewFilterFrom,
  overviewFilterQuery,
} from "@/lib/domain/overview-filter";
import { overviewQuery } from "@/lib/query/overview";
import { AppMatrix } from "./app-matrix";
import { EnvironmentCard } from "./environment-card";
import { OverviewFilterBar } from "./overview-filter-bar";
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
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  // Local state answers each keystroke at once; the URL follows without a navigation per key.
  const [filter, setFilter] = useState<OverviewFilter>(() => overviewFilterFrom(params));
  const changeFilter = (f: OverviewFilter) => {
    setFilter(f);
    router.replace(`${pathname}${overviewFilterQuery(f)}`, { scroll: false });
  };
  if (!data) return <p className="alert">The overview could not be loaded{error ? `: ${error.message}` : ""}.</p>;
  const shown = filterApplications(data.applications, filter);
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
      <OverviewFilterBar
        filter={filter}
        onChange={changeFilter}
        shown={shown.length}
        total={data.applications.length}
      />
      {shown.length > 0 ? (
        <AppMatrix overview={data} applications={shown} requestableEnvs={requestableEnvs} showVersions />
      ) : (
        <p className="muted" data-testid="no-match">
          {filter.problemsOnly && !filter.q.trim()
            ? "No application has a problem right now."
            : "No application matches this filter."}{" "}
          <button type="button" onClick={() => changeFilter({ q: "", problemsOnly: false })}>
            Show all applications
          </button>
        </p>
      )}
    </>
  );
}
