import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache } from "react";
import { PromotionDetail } from "@/components/promotions/promotion-detail";
import { requirePagePrincipal } from "@/lib/auth/session";
import { promotionHeading } from "@/lib/domain/page-headings";
import { getEnv } from "@/lib/env";
import { getQueryClient } from "@/lib/query/get-query-client";
import { promotionQuery } from "@/lib/query/promotions";
import { loadPromotionView } from "@/lib/server/promotion-views";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// One read per request, shared by the title and the page (React's request-scoped cache).
const viewFor = cache(async (id: string) => {
  const principal = await requirePagePrincipal();
  return UUID.test(id) ? loadPromotionView(id, principal) : null;
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const view = await viewFor((await params).id);
  return view ? { title: promotionHeading(view) } : {};
}

// Slack's buttons land here; a signed-out visitor goes through /login?callbackUrl=… and back.
export default async function PromotionPage({ params }: Props) {
  const { id } = await params;
  const view = await viewFor(id);
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
