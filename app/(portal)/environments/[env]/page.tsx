import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { EventsTable } from "@/components/applications/events-table";
import { EnvironmentView } from "@/components/overview/environment-view";
import { Time } from "@/components/ui/time";
import { findEnvironment, getCatalog } from "@/lib/catalog";
import { environmentHeading } from "@/lib/domain/page-headings";
import { getEnv } from "@/lib/env";
import { getQueryClient } from "@/lib/query/get-query-client";
import { overviewQuery } from "@/lib/query/overview";
import { getEnvironmentDetail } from "@/lib/server/applications/environment-detail";
import { getOverview } from "@/lib/server/overview";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ env: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const environment = findEnvironment(await getCatalog(), (await params).env);
  // An unknown one renders the 404 page, whose title is the not-found one.
  return environment ? { title: environmentHeading(environment) } : {};
}

export default async function EnvironmentPage({ params }: Props) {
  const { env } = await params;
  const environment = findEnvironment(await getCatalog(), env);
  if (!environment) notFound();
  const pollIntervalMs = getEnv().POLL_INTERVAL_MS;
  const queryClient = getQueryClient();
  const [overview, detail] = await Promise.all([getOverview(), getEnvironmentDetail(env)]);
  queryClient.setQueryData(overviewQuery(pollIntervalMs).queryKey, overview);
  const nodeGroups = overview.environments.find((e) => e.name === env)?.cluster?.nodeGroups ?? null;
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

      <h2 id="node-groups-h">Node groups</h2>
      {nodeGroups === null ? (
        <p className="muted">The EKS cluster could not be read.</p>
      ) : nodeGroups.length ? (
        <table aria-labelledby="node-groups-h" data-testid="node-groups">
          <thead>
            <tr>
              <th scope="col">Node group</th>
              <th scope="col">Status</th>
              <th scope="col">Size (min–max)</th>
              <th scope="col">Instance types</th>
              <th scope="col">Capacity</th>
              <th scope="col">Version</th>
            </tr>
          </thead>
          <tbody>
            {nodeGroups.map((g) => (
              <tr key={g.name}>
                <th scope="row">
                  <code>{g.name}</code>
                </th>
                <td>
                  <span className={`badge ${g.status === "ACTIVE" ? "ok" : "warn"}`}>{g.status}</span>
                  {g.issues.length ? <span className="small"> {g.issues.map((i) => i.message).join("; ")}</span> : null}
                </td>
                <td>
                  {g.desiredSize ?? "–"} ({g.minSize ?? "–"}–{g.maxSize ?? "–"})
                </td>
                <td className="small">{g.instanceTypes.join(", ") || "–"}</td>
                <td className="small">{g.capacityType ?? "–"}</td>
                <td className="small">{g.version ?? "–"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">The cluster has no node groups.</p>
      )}

      <h2 id="nodes-h">Nodes running {environment.namespace}</h2>
      {"error" in detail.nodes ? (
        <p className="muted">Pods could not be read: {detail.nodes.error}</p>
      ) : detail.nodes.length ? (
        <table aria-labelledby="nodes-h" data-testid="nodes">
          <thead>
            <tr>
              <th scope="col">Node</th>
              <th scope="col">Pods</th>
              <th scope="col">Not ready</th>
              <th scope="col">Applications</th>
            </tr>
          </thead>
          <tbody>
            {detail.nodes.map((n) => (
              <tr key={n.node}>
                <th scope="row">
                  <code>{n.node}</code>
                </th>
                <td>{n.pods}</td>
                <td>{n.notReady ? <span className="badge warn">{n.notReady} not ready</span> : 0}</td>
                <td className="small">{n.applications.join(", ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">No pods in {environment.namespace}.</p>
      )}

      <h2 id="ns-events-h">Warning events in {environment.namespace}</h2>
      {"error" in detail.events ? (
        <p className="muted">Events could not be read: {detail.events.error}</p>
      ) : detail.events.length ? (
        <EventsTable
          events={detail.events}
          first="object"
          lastSeen={(iso) => <Time iso={iso} />}
          testId="namespace-events"
          labelledBy="ns-events-h"
        />
      ) : (
        <p className="muted">No Warning events.</p>
      )}

      <h2 id="env-promotions-h">Promotions into {environment.displayName}</h2>
      {detail.promotions.length ? (
        <table aria-labelledby="env-promotions-h" data-testid="env-promotions">
          <thead>
            <tr>
              <th scope="col">Application</th>
              <th scope="col">Tag</th>
              <th scope="col">From</th>
              <th scope="col">Status</th>
              <th scope="col">Requested by</th>
              <th scope="col">When</th>
            </tr>
          </thead>
          <tbody>
            {detail.promotions.map((p) => (
              <tr key={p.id}>
                <th scope="row">
                  <Link href={`/promotions/${p.id}`}>{p.application}</Link>
                </th>
                <td>
                  <code>{p.imageTag}</code>
                </td>
                <td>{p.fromEnvironment}</td>
                <td>{p.status}</td>
                <td>{p.requester}</td>
                <td className="small">
                  <Time iso={p.createdAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">
          No promotions into {environment.displayName} yet. <Link href="/promotions">All promotions</Link>
        </p>
      )}

      <h2 id="env-runs-h">Infrastructure runs</h2>
      {detail.runs.length ? (
        <table aria-labelledby="env-runs-h" data-testid="env-runs">
          <thead>
            <tr>
              <th scope="col">Run</th>
              <th scope="col">Status</th>
              <th scope="col">Trigger</th>
              <th scope="col">By</th>
              <th scope="col">When</th>
            </tr>
          </thead>
          <tbody>
            {detail.runs.map((r) => (
              <tr key={r.id}>
                <th scope="row">
                  <Link href={`/infrastructure/runs/${r.id}`}>{r.kind}</Link>
                </th>
                <td>{r.status}</td>
                <td>{r.trigger}</td>
                <td>{r.requestedBy ?? "–"}</td>
                <td className="small">
                  <Time iso={r.createdAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">
          No infrastructure runs for {environment.displayName}. <Link href="/infrastructure">Infrastructure</Link>
        </p>
      )}
    </>
  );
}
