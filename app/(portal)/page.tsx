import type { Metadata } from "next";
import Link from "next/link";
import { getCatalog } from "@/lib/catalog";

export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage() {
  const catalog = await getCatalog();
  return (
    <>
      <h1>Overview</h1>
      <p className="muted">
        {catalog.environments.length} environments × {catalog.applications.length} applications, promoted{" "}
        {catalog.promotionPath.join(" → ")}.
      </p>
      <div className="grid">
        {catalog.environments.map((env) => (
          <section key={env.name} className="card" aria-labelledby={`env-${env.name}`}>
            <h2 id={`env-${env.name}`}>
              <Link href={`/environments/${env.name}`}>{env.displayName}</Link>
            </h2>
            <ul className="muted plain">
              <li>
                Namespace <code>{env.namespace}</code>
              </li>
              <li>
                EKS cluster <code>{env.eksCluster}</code> ({env.awsRegion})
              </li>
              <li>{env.autoSync ? "Argo CD auto-sync" : "Manual sync"}</li>
              <li>
                {env.approvalsRequired === 0
                  ? "No approval needed"
                  : `${env.approvalsRequired} approval${env.approvalsRequired > 1 ? "s" : ""} to promote`}
              </li>
            </ul>
          </section>
        ))}
      </div>
      <h2>Applications</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">Application</th>
            <th scope="col">Chart</th>
            {catalog.environments.map((e) => (
              <th scope="col" key={e.name}>
                Argo CD app in {e.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {catalog.applications.map((app) => (
            <tr key={app.name}>
              <th scope="row">
                {app.name}
                <div className="muted">{app.description}</div>
              </th>
              <td>
                <code>{app.chartPath}</code>
              </td>
              {catalog.environments.map((e) => (
                <td key={e.name}>
                  <code>{app.argocdApps[e.name]}</code>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
