import { headers } from "next/headers";
import Link from "next/link";
import { getCatalog } from "@/lib/catalog";
import { notFoundHint } from "@/lib/domain/not-found-hint";

// A 404 inside the portal shell (an unknown application or environment page calls notFound()): says
// what was asked for and links what exists (issue 13 item 8). proxy.ts forwards the path asked for.
export default async function PortalNotFound() {
  const [h, catalog] = await Promise.all([headers(), getCatalog()]);
  const hint = notFoundHint(h.get("x-nura-path"), {
    applications: catalog.applications.map((a) => a.name),
    environments: catalog.environments.map((e) => e.name),
  });
  return (
    <section className="card" aria-labelledby="not-found-h" data-testid="not-found">
      {/* A not-found page has no generateMetadata of its own; React hoists this into <head>. */}
      <title>{`${hint.title} · Nura Platform Portal`}</title>
      <h1 id="not-found-h">{hint.title}</h1>
      <p>{hint.message}</p>
      <ul className="inline-list">
        {hint.links.map((l) => (
          <li key={l.href}>
            <Link href={l.href}>{l.label}</Link>
          </li>
        ))}
      </ul>
      <p>
        <Link href="/">Back to the overview</Link>
      </p>
    </section>
  );
}
