import "server-only";
// The POST handler shared by /sync and /refresh: signed-in caller, confirmed strict JSON body,
// then the service: role checked for the environment, intent audited before Argo CD, outcome after.
import { z } from "zod";
import { requireApiPrincipal } from "@/lib/auth/session";
import { readJsonBody } from "@/lib/http/json-body";
import { route } from "@/lib/http/route";
import { auditContext } from "@/lib/server/audit";
import type { ArgoAction } from "./actions";
import { getDetailService, syncOrRefresh } from "./index";

export const argoActionBodySchema = z.strictObject({
  confirm: z.literal(true, { error: "must be true: the action has to be confirmed" }),
  prune: z.boolean().optional(),
});

type Ctx = { params: Promise<{ app: string; env: string }> };

export function argoActionRoute(action: ArgoAction) {
  return route<Ctx>(`/api/applications/[app]/[env]/${action}`, async (request, { params }, ctx) => {
    const principal = await requireApiPrincipal("portal.view");
    const { app, env } = await params;
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
