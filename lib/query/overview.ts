// queryOptions for the overview: the server page seeds the cache under this key, the client polls.
import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import type { Overview } from "@/lib/server/overview/types";
import { fetchJson } from "./fetch-json";

export const overviewQueryKey = ["overview"] as const;

export function overviewQuery(pollIntervalMs: number) {
  return queryOptions({
    queryKey: overviewQueryKey,
    // no-cache: the browser revalidates with the ETag and the server answers 304 when unchanged.
    queryFn: ({ signal }) => fetchJson<Overview>("/api/overview", { signal, cache: "no-cache" }),
    refetchInterval: pollIntervalMs,
    refetchIntervalInBackground: false,
    staleTime: pollIntervalMs / 2,
    placeholderData: keepPreviousData,
  });
}
