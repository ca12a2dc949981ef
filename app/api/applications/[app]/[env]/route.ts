// GET /api/applications/{app}/{env}?range=1h|6h|24h|7d — the application page's live data.
import { requireApiPrincipal } from "@/lib/auth/session";
import { pathParams, queryParams } from "@/lib/http/params";
import { route } from "@/lib/http/route";
import { getDetailService } from "@/lib/server/applications";
import { appEnvParamsSchema, detailQuerySchema } from "@/lib/server/applications/api-schemas";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ app: string; env: string }> };

export const GET = route<Ctx>("/api/applications/[app]/[env]", async (request, { params }) => {
  await requireApiPrincipal("portal.view");
  const { app, env } = await pathParams(appEnvParamsSchema, params);
  const { range } = detailQuerySchema.parse(queryParams(request.url));
  return Response.json(await getDetailService().get(app, env, range), { headers: { "cache-control": "no-store" } });
});
