// GET /api/applications/{app}/{env}/logs?pod=&tail=[&since=] — the last lines of one pod's log
// (Argo CD's …/logs); the page follows a log by asking again with `since`.
import { requireApiPrincipal } from "@/lib/auth/session";
import { pathParams, queryParams } from "@/lib/http/params";
import { route } from "@/lib/http/route";
import { resourceViewDeps } from "@/lib/server/applications";
import { appEnvParamsSchema, logsQuerySchema } from "@/lib/server/applications/api-schemas";
import { getPodLog } from "@/lib/server/applications/resource-view";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ app: string; env: string }> };

export const GET = route<Ctx>("/api/applications/[app]/[env]/logs", async (request, { params }) => {
  await requireApiPrincipal("portal.view");
  const { app, env } = await pathParams(appEnvParamsSchema, params);
  const q = logsQuerySchema.parse(queryParams(request.url));
  return Response.json(
    { lines: await getPodLog(resourceViewDeps(), app, env, q) },
    {
      headers: { "cache-control": "no-store" },
    },
  );
});
