// GET /api/applications/{app}/{env}/resource?kind=&name=[&group=&namespace=] — one resource of the
// tree: desired and live manifests with their diff, and its events (Argo CD's API; a read).
import { requireApiPrincipal } from "@/lib/auth/session";
import { pathParams, queryParams } from "@/lib/http/params";
import { route } from "@/lib/http/route";
import { resourceViewDeps } from "@/lib/server/applications";
import { appEnvParamsSchema, resourceQuerySchema } from "@/lib/server/applications/api-schemas";
import { getResourceView } from "@/lib/server/applications/resource-view";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ app: string; env: string }> };

export const GET = route<Ctx>("/api/applications/[app]/[env]/resource", async (request, { params }) => {
  await requireApiPrincipal("portal.view");
  const { app, env } = await pathParams(appEnvParamsSchema, params);
  const ref = resourceQuerySchema.parse(queryParams(request.url));
  return Response.json(await getResourceView(resourceViewDeps(), app, env, ref), {
    headers: { "cache-control": "no-store" },
  });
});
