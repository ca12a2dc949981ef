import "server-only";
// The POST handler shared by /sync and /refresh: signed-in caller, confirmed body, role checked
// for the environment by the service, audited with the outcome.
import { z } from "zod";
import { requireApiPrincipal } from "@/lib/auth/session";
import { primaryRole } from "@/lib/domain/roles";
import { readJson, route } from "@/lib/http/route";
import { actorFromRequest } from "@/lib/server/audit";
import type { ArgoAction } from "./actions";
import { getDetailService, syncOrRefresh } from "./index";

const bodySchema = z.object({
  confirm: z.literal(true, { error: "must be true: the action has to be confirmed" }),
  prune: z.boolean().optional(),
});

type Ctx = { params: Promise<{ app: string; env: string }> };

export function argoActionRoute(action: ArgoAction) {
  return route<Ctx>(`/api/applications/[app]/[env]/${action}`, async (request, { params }) => {
    const principal = await requireApiPrincipal("portal.view");
    const { app, env } = await params;
    const body = bodySchema.parse(await readJson(request));
    const result = await syncOrRefresh({
      principal,
      actor: actorFromRequest(principal, primaryRole(principal), request.headers),
      application: app,
      environment: env,
      action,
      prune: action === "sync" ? body.prune : undefined,
      correlationId: request.headers.get("x-request-id") ?? undefined,
    });
    getDetailService().forgetArgo(result.status.name);
    return Response.json(result);
  });
}
