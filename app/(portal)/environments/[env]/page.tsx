import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { EnvironmentView } from "@/components/overview/environment-view";
import { findEnvironment, getCatalog } from "@/lib/catalog";
import { getEnv } from "@/lib/env";
import { getQueryClient } from "@/lib/query/get-query-client";
import { overviewQuery } from "@/lib/query/overview";
import { getOverview } from "@/lib/server/overview";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ env: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Environment ${(await params).env}` };
}

export default async function EnvironmentPage({ params }: Props) {
  const { env } = await params;
  const environment = findEnvironment(await getCatalog(), env);
  if (!environment) notFound();
  const pollIntervalMs = getEnv().POLL_INTERVAL_MS;
  const queryClient = getQueryClient();
  queryClient.setQueryData(overviewQuery(pollIntervalMs).queryKey, await getOverview());
  return (
    <>
      <p className="small">
        <Link href="/">Overview</Link> / <Link href="/environments">Environments</Link>
      </p>
      <h1>{environment.displayName}</h1>
      <p className="muted">
        Namespace <code>{environment.namespace}</code> · EKS <code>{environment.eksCluster}</code> (
        {environment.awsRegion}) · {environment.autoSync ? "Argo CD auto-sync" : "manual sync"}
      </p>
      <HydrationBoundary state={dehydrate(queryClient)}>
        <EnvironmentView env={env} pollIntervalMs={pollIntervalMs} />
      </HydrationBoundary>
    </>
  );
}
