import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PromotionDetail } from "@/components/promotions/promotion-detail";
import { requirePagePrincipal } from "@/lib/auth/session";
import { getEnv } from "@/lib/env";
import { getQueryClient } from "@/lib/query/get-query-client";
import { promotionQuery } from "@/lib/query/promotions";
import { loadPromotionView } from "@/lib/server/promotion-views";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Promotion ${(await params).id.slice(0, 8)}` };
}

// Slack's buttons land here; a signed-out visitor goes through /login?callbackUrl=… and back.
export default async function PromotionPage({ params }: Props) {
  const principal = await requirePagePrincipal();
  const { id } = await params;
  if (!UUID.test(id)) notFound();
  const view = await loadPromotionView(id, principal);
  if (!view) notFound();
  const pollIntervalMs = getEnv().POLL_INTERVAL_MS;
  const queryClient = getQueryClient();
  queryClient.setQueryData(promotionQuery(id, pollIntervalMs).queryKey, view);
  return (
    <>
      <p className="small">
        <Link href="/promotions">Promotions</Link>
      </p>
      <h1>
        {view.application} <code>{view.imageTag}</code> → {view.toEnvironmentName}
      </h1>
      <HydrationBoundary state={dehydrate(queryClient)}>
        <PromotionDetail id={id} pollIntervalMs={pollIntervalMs} />
      </HydrationBoundary>
    </>
  );
}
