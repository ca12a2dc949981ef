"use client";
// POSTs one promotion action (approve, reject, cancel, roll back) and refreshes the page's query;
// the error the API names (four eyes, expired, frozen…) is shown as is.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ApiError } from "@/lib/query/fetch-json";
import { promotionQueryKey } from "@/lib/query/promotions";

export type PromotionAction = "approve" | "reject" | "cancel";

async function post(id: string, action: PromotionAction | "rollback", body: Record<string, string>) {
  const res = await fetch(`/api/promotions/${encodeURIComponent(id)}/${action}`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify(body),
  });
  const json = (await res.json().catch(() => null)) as { message?: string } | null;
  if (!res.ok) throw new ApiError(res.status, json?.message ?? `HTTP ${res.status}`);
  return json;
}

export function usePromotionAction(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ action, comment }: { action: PromotionAction; comment: string }) =>
      post(id, action, action === "cancel" || !comment.trim() ? {} : { comment: comment.trim() }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: promotionQueryKey(id) }),
  });
}

/**
 * Rolls back to the earlier succeeded promotion `targetId` (the route creates the rollback) and
 * refreshes the page of `pageId`, whose Roll back panel then lists it.
 */
export function useRollback(pageId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ targetId, reason }: { targetId: string; reason: string }) => post(targetId, "rollback", { reason }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: promotionQueryKey(pageId) }),
  });
}
