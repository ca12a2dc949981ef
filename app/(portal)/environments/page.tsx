import type { Metadata } from "next";
import Link from "next/link";
import { getCatalog } from "@/lib/catalog";

export const metadata: Metadata = { title: "Environments" };

export default async function EnvironmentsPage() {
  const catalog = await getCatalog();
  return (
    <>
      <h1>Environments</h1>
      <table>
        <thead>
          <tr>
            <th scope="col">Environment</th>
            <th scope="col">Namespace</th>
            <th scope="col">EKS cluster</th>
            <th scope="col">Sync</th>
            <th scope="col">Approvals to promote</th>
          </tr>
        </thead>
        <tbody>
          {catalog.environments.map((e) => (
            <tr key={e.name}>
              <th scope="row">
                <Link href={`/environments/${e.name}`}>{e.displayName}</Link>
              </th>
              <td>
                <code>{e.namespace}</code>
              </td>
              <td>
                <code>{e.eksCluster}</code> · {e.awsRegion}
              </td>
              <td>{e.autoSync ? "automatic" : "manual"}</td>
              <td>{e.approvalsRequired}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
