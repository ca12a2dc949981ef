// POST /api/service-tokens/{id}/revoke {} — revoke a service token (admins); it stops working at once.
import { z } from "zod";
import { requireApiPrincipal } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { pathParams } from "@/lib/http/params";
import { readJsonBody, route } from "@/lib/http/route";
import { auditContext } from "@/lib/server/audit/audited-action";
import { revokeServiceToken } from "@/lib/server/service-tokens";

export const dynamic = "force-dynamic";
type Ctx = { params: Promise<{ id: string }> };
const paramsSchema = z.object({ id: z.uuid("must be a service token id (a UUID)") });

export const POST = route<Ctx>("/api/service-tokens/[id]/revoke", async (request, { params }, ctx) => {
  const principal = await requireApiPrincipal("config.change");
  await readJsonBody(request, z.strictObject({}));
  const { id } = await pathParams(paramsSchema, params);
  return Response.json(await revokeServiceToken(await getDb(), { ...auditContext(principal, ctx), principal }, id));
});
