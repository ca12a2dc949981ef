"use client";
// POSTs one promotion action (approve, reject, cancel) and refreshes the page's query; the error
// the API names (four eyes, expired, frozen…) is shown as is.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ApiError } from "@/lib/query/fetch-json";
import { promotionQueryKey } from "@/lib/query/promotions";

export type PromotionAction = "approve" | "reject" | "cancel";

async function post(id: string, action: PromotionAction, comment: string) {
  const body = action === "cancel" ? {} : comment.trim() ? { comment: comment.trim() } : {};
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
    mutationFn: ({ action, comment }: { action: PromotionAction; comment: string }) => post(id, action, comment),
    onSettled: () => queryClient.invalidateQueries({ queryKey: promotionQueryKey(id) }),
  });
}
