// GET /api/service-tokens — the service tokens (admins); POST — create one: its secret is in this
// answer only, the portal keeps its sha256.
import { requireApiPrincipal } from "@/lib/auth/session";
import { getCatalog } from "@/lib/catalog";
import { getDb } from "@/lib/db";
import { readJsonBody, route } from "@/lib/http/route";
import { auditContext } from "@/lib/server/audit/audited-action";
import { createServiceToken, createServiceTokenSchema, listServiceTokens } from "@/lib/server/service-tokens";

export const dynamic = "force-dynamic";

export const GET = route("/api/service-tokens", async () => {
  const principal = await requireApiPrincipal("config.change");
  return Response.json({ items: await listServiceTokens(await getDb(), principal) });
});

export const POST = route("/api/service-tokens", async (request, _context, ctx) => {
  const principal = await requireApiPrincipal("config.change");
  const body = await readJsonBody(request, createServiceTokenSchema);
  const catalog = await getCatalog();
  const created = await createServiceToken(
    await getDb(),
    { ...auditContext(principal, ctx), principal },
    body,
    catalog.environments.map((e) => e.name),
  );
  return Response.json(created, { status: 201, headers: { "cache-control": "no-store" } });
});
