import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ApplicationView } from "@/components/applications/application-view";
import { PromoteAction } from "@/components/promotions/promote-action";
import { requirePagePrincipal } from "@/lib/auth/session";
import { findApplication, findEnvironment, getCatalog } from "@/lib/catalog";
import { isTimeRangeKey } from "@/lib/domain/metric-queries";
import { applicationHeading } from "@/lib/domain/page-headings";
import { can } from "@/lib/domain/roles";
import { getEnv } from "@/lib/env";
import { applicationQuery } from "@/lib/query/applications";
import { getQueryClient } from "@/lib/query/get-query-client";
import { getDetailService } from "@/lib/server/applications";
import { getOverview } from "@/lib/server/overview";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ app: string; env: string }>; searchParams: Promise<{ range?: string | string[] }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { app, env } = await params;
  const catalog = await getCatalog();
  const application = findApplication(catalog, app);
  const environment = findEnvironment(catalog, env);
  return application && environment ? { title: applicationHeading(application.name, environment) } : {};
}

export default async function ApplicationPage({ params, searchParams }: Props) {
  const { app, env } = await params;
  const principal = await requirePagePrincipal("portal.view");
  const catalog = await getCatalog();
  const application = findApplication(catalog, app);
  const environment = findEnvironment(catalog, env);
  if (!application || !environment) notFound();
  const rawRange = (await searchParams).range;
  const range = isTimeRangeKey(rawRange) ? rawRange : "1h";
  const pollIntervalMs = getEnv().POLL_INTERVAL_MS;
  const queryClient = getQueryClient();
  const [detail, overview] = await Promise.all([getDetailService().get(app, env, range), getOverview()]);
  queryClient.setQueryData(applicationQuery(app, env, range, pollIntervalMs).queryKey, detail);
  const candidate = overview.applications.find((a) => a.name === app)?.cells[env]?.behind ?? null;
  return (
    <>
      <p className="small">
        <Link href="/">Overview</Link> / <Link href={`/environments/${env}`}>{environment.displayName}</Link>
      </p>
      <h1>
        {application.name} in {environment.displayName}
      </h1>
      <p className="muted">{application.description}</p>
      <PromoteAction
        application={app}
        candidate={candidate}
        canRequest={can(principal, "promotion.request", environment)}
      />
      <HydrationBoundary state={dehydrate(queryClient)}>
        <ApplicationView
          app={app}
          env={env}
          initialRange={range}
          pollIntervalMs={pollIntervalMs}
          allowed={{
            sync: can(principal, "argocd.sync", environment),
            refresh: can(principal, "argocd.refresh", environment),
          }}
        />
      </HydrationBoundary>
    </>
  );
}
