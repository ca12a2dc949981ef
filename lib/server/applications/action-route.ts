import "server-only";
// The POST handler shared by /sync and /refresh: signed-in caller, confirmed strict JSON body,
// then the service: role checked for the environment, intent audited before Argo CD, outcome after.
import { requireApiPrincipal } from "@/lib/auth/session";
import { readJsonBody } from "@/lib/http/json-body";
import { pathParams } from "@/lib/http/params";
import { route } from "@/lib/http/route";
import { auditContext } from "@/lib/server/audit";
import type { ArgoAction } from "./actions";
import { appEnvParamsSchema, argoActionBodySchema } from "./api-schemas";
import { getDetailService, syncOrRefresh } from "./index";

type Ctx = { params: Promise<{ app: string; env: string }> };

export function argoActionRoute(action: ArgoAction) {
  return route<Ctx>(`/api/applications/[app]/[env]/${action}`, async (request, { params }, ctx) => {
    const principal = await requireApiPrincipal("portal.view");
    const { app, env } = await pathParams(appEnvParamsSchema, params);
    const body = await readJsonBody(request, argoActionBodySchema);
    const result = await syncOrRefresh({
      principal,
      audit: auditContext(principal, ctx),
      application: app,
      environment: env,
      action,
      prune: action === "sync" ? body.prune : undefined,
    });
    getDetailService().forgetArgo(result.status.name);
    return Response.json(result);
  });
}
