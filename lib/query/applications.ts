// queryOptions for the application × environment page: seeded by the server render, polled by
// the client — every second while an Argo CD operation runs, else at the configured interval.
import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import type { TimeRangeKey } from "@/lib/domain/metric-queries";
import type { ApplicationDetail } from "@/lib/server/applications/types";
import { fetchJson } from "./fetch-json";

export const LIVE_PROGRESS_INTERVAL_MS = 1_000;

export function applicationQueryKey(app: string, env: string, range: TimeRangeKey) {
  return ["application", app, env, range] as const;
}

export function applicationQuery(app: string, env: string, range: TimeRangeKey, pollIntervalMs: number) {
  return queryOptions({
    queryKey: applicationQueryKey(app, env, range),
    queryFn: ({ signal }) =>
      fetchJson<ApplicationDetail>(
        `/api/applications/${encodeURIComponent(app)}/${encodeURIComponent(env)}?range=${range}`,
        { signal },
      ),
    refetchInterval: (q) => {
      const phase = q.state.data?.status?.operation?.phase;
      return phase === "Running" || phase === "Terminating" ? LIVE_PROGRESS_INTERVAL_MS : pollIntervalMs;
    },
    staleTime: LIVE_PROGRESS_INTERVAL_MS,
    placeholderData: keepPreviousData,
  });
}
