// queryOptions for a promotion's page: seeded by the server render, polled by the client —
// every second while it deploys (commit, sync, verification), slower while it waits for people,
// and not at all once it is finished.
import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import { isExecuting, isTerminal } from "@/lib/domain/promotions/status";
import type { PromotionView } from "@/lib/server/promotion-views/detail";
import { fetchJson } from "./fetch-json";

export const PROMOTION_LIVE_INTERVAL_MS = 1_000;

export function promotionQueryKey(id: string) {
  return ["promotion", id] as const;
}

/**
 * How often to poll a promotion in `status`; false once nothing more will happen. `related`: the
 * states of the rollbacks shown on its page, which make it live while one runs.
 */
export function promotionPollInterval(
  status: string | undefined,
  pollIntervalMs: number,
  related: readonly string[] = [],
): number | false {
  if (!status) return pollIntervalMs;
  if (related.some((s) => isExecuting(s) || s === "approved")) return PROMOTION_LIVE_INTERVAL_MS;
  // "approved": the executor picks it up within a second or two.
  if (isExecuting(status) || status === "approved") return PROMOTION_LIVE_INTERVAL_MS;
  // A finished promotion's Slack messages may still be going out: keep looking, slowly.
  if (isTerminal(status)) return pollIntervalMs * 3;
  return pollIntervalMs;
}

export function promotionQuery(id: string, pollIntervalMs: number) {
  return queryOptions({
    queryKey: promotionQueryKey(id),
    queryFn: ({ signal }) =>
      fetchJson<PromotionView>(`/api/promotion-views/${encodeURIComponent(id)}`, { signal, cache: "no-store" }),
    refetchInterval: (q) =>
      promotionPollInterval(
        q.state.data?.status,
        pollIntervalMs,
        q.state.data?.rollback?.runs.map((r) => r.status),
      ),
    staleTime: PROMOTION_LIVE_INTERVAL_MS,
    placeholderData: keepPreviousData,
  });
}
