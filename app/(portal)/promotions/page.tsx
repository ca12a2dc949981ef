import type { Metadata } from "next";
import { getDb } from "@/lib/db";

export const metadata: Metadata = { title: "Promotions" };

export default async function PromotionsPage() {
  const db = await getDb();
  const promotions = await db.promotion.findMany({
    orderBy: { createdAt: "desc" },
    take: 50,
    select: {
      id: true,
      application: true,
      fromEnvironment: true,
      toEnvironment: true,
      imageTag: true,
      status: true,
      createdAt: true,
    },
  });
  return (
    <>
      <h1>Promotions</h1>
      {promotions.length === 0 ? (
        <p className="muted">No promotions have been requested yet.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Application</th>
              <th scope="col">From → to</th>
              <th scope="col">Image tag</th>
              <th scope="col">Status</th>
              <th scope="col">Requested</th>
            </tr>
          </thead>
          <tbody>
            {promotions.map((p) => (
              <tr key={p.id}>
                <td>{p.application}</td>
                <td>
                  {p.fromEnvironment} → {p.toEnvironment}
                </td>
                <td>
                  <code>{p.imageTag}</code>
                </td>
                <td>{p.status}</td>
                <td>
                  <time dateTime={p.createdAt.toISOString()}>
                    {p.createdAt.toISOString().replace("T", " ").slice(0, 16)}
                  </time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
