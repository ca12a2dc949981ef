import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { OverviewView } from "@/components/overview/overview-view";
import { requirePagePrincipal } from "@/lib/auth/session";
import { getCatalog } from "@/lib/catalog";
import { can } from "@/lib/domain/roles";
import { getEnv } from "@/lib/env";
import { getQueryClient } from "@/lib/query/get-query-client";
import { overviewQuery } from "@/lib/query/overview";
import { getOverview } from "@/lib/server/overview";

export const metadata: Metadata = { title: "Overview" };
export const dynamic = "force-dynamic";

export default async function OverviewPage() {
  const pollIntervalMs = getEnv().POLL_INTERVAL_MS;
  const [principal, catalog] = await Promise.all([requirePagePrincipal(), getCatalog()]);
  const requestableEnvs = catalog.environments.filter((e) => can(principal, "promotion.request", e)).map((e) => e.name);
  const queryClient = getQueryClient();
  // First paint is server-rendered from the same cache the API serves; the client then polls.
  queryClient.setQueryData(overviewQuery(pollIntervalMs).queryKey, await getOverview());
  return (
    <>
      <h1>Overview</h1>
      <HydrationBoundary state={dehydrate(queryClient)}>
        <OverviewView pollIntervalMs={pollIntervalMs} requestableEnvs={requestableEnvs} />
      </HydrationBoundary>
    </>
  );
}
