import type { Metadata } from "next";
import { getCatalog } from "@/lib/catalog";
import { getDb } from "@/lib/db";

export const metadata: Metadata = { title: "Infrastructure" };

export default async function InfrastructurePage() {
  const [catalog, db] = await Promise.all([getCatalog(), getDb()]);
  const runs = await db.infraRun.findMany({
    orderBy: { createdAt: "desc" },
    take: 50,
    select: { id: true, environment: true, kind: true, status: true, buildNumber: true, createdAt: true },
  });
  return (
    <>
      <h1>Infrastructure</h1>
      <p className="muted">
        OpenTofu plans and applies run as Jenkins jobs per environment (
        {catalog.environments.map((e) => e.name).join(", ")}).
      </p>
      {runs.length === 0 ? (
        <p className="muted">No plan or apply has run yet.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Environment</th>
              <th scope="col">Kind</th>
              <th scope="col">Status</th>
              <th scope="col">Build</th>
              <th scope="col">Started</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => (
              <tr key={r.id}>
                <td>{r.environment}</td>
                <td>{r.kind}</td>
                <td>{r.status}</td>
                <td>{r.buildNumber ?? "queued"}</td>
                <td>{r.createdAt.toISOString().replace("T", " ").slice(0, 16)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
