import "server-only";
// The POST handler shared by /sync, /refresh, /rollback and /terminate: signed-in caller, confirmed
// strict JSON body, then the service: role checked for the environment, intent audited before
// Argo CD, outcome after (for an operation: when it ends, recorded by the job queue).
import { requireApiPrincipal } from "@/lib/auth/session";
import { readJsonBody } from "@/lib/http/json-body";
import { pathParams } from "@/lib/http/params";
import { route } from "@/lib/http/route";
import { auditContext } from "@/lib/server/audit";
import type { ArgoAction } from "./actions";
import {
  appEnvParamsSchema,
  argoActionBodySchema,
  confirmBodySchema,
  rollbackBodySchema,
  syncBodySchema,
} from "./api-schemas";
import { getDetailService, syncOrRefresh } from "./index";

type Ctx = { params: Promise<{ app: string; env: string }> };

/** The action-specific part of the input, from the body that action accepts. */
async function bodyOf(action: ArgoAction, request: Request) {
  switch (action) {
    case "sync": {
      const b = await readJsonBody(request, syncBodySchema);
      return { action, prune: b.prune, dryRun: b.dryRun, resources: b.resources } as const;
    }
    case "rollback": {
      const b = await readJsonBody(request, rollbackBodySchema);
      return { action, id: b.id, prune: b.prune, dryRun: b.dryRun } as const;
    }
    case "refresh":
      await readJsonBody(request, argoActionBodySchema);
      return { action } as const;
    case "terminate":
      await readJsonBody(request, confirmBodySchema);
      return { action } as const;
  }
}

export function argoActionRoute(action: ArgoAction) {
  return route<Ctx>(`/api/applications/[app]/[env]/${action}`, async (request, { params }, ctx) => {
    const principal = await requireApiPrincipal("portal.view");
    const { app, env } = await pathParams(appEnvParamsSchema, params);
    const body = await bodyOf(action, request);
    const result = await syncOrRefresh({
      principal,
      audit: auditContext(principal, ctx),
      application: app,
      environment: env,
      ...body,
    });
    getDetailService().forgetArgo(result.status.name);
    return Response.json(result);
  });
}
