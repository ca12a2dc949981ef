// queryOptions for the application × environment page: seeded by the server render, polled by
// the client — every second while an Argo CD operation is queued or runs, else at the configured interval.
import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import type { TimeRangeKey } from "@/lib/domain/metric-queries";
import type { ApplicationDetail } from "@/lib/server/applications/types";
import { fetchJson } from "./fetch-json";

export const LIVE_PROGRESS_INTERVAL_MS = 1_000;

/**
 * Every second while an operation runs, and while one is only requested: Argo CD answers a sync with
 * `.operation` set and no operationState until its controller picks it up, so a page that waited
 * for "Running" to poll fast would sit at the slow interval through the start of every sync.
 */
export function applicationPollInterval(status: ApplicationDetail["status"] | undefined, pollIntervalMs: number) {
  const phase = status?.operation?.phase;
  const live = phase === "Running" || phase === "Terminating" || Boolean(status?.requestedOperation);
  return live ? LIVE_PROGRESS_INTERVAL_MS : pollIntervalMs;
}

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
    refetchInterval: (q) => applicationPollInterval(q.state.data?.status, pollIntervalMs),
    staleTime: LIVE_PROGRESS_INTERVAL_MS,
    placeholderData: keepPreviousData,
  });
}
