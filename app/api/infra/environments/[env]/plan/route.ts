// POST /api/infra/environments/{env}/plan — starts nura-infra-plan for the environment (takes its lock);
// with `{"driftCheck": true}` the plan is a drift check (the drift schedule's plan, asked for now).
import { requireApiPrincipal } from "@/lib/auth/session";
import { readJsonBody, route } from "@/lib/http/route";
import { auditContext } from "@/lib/server/audit";
import { infraConfig, infraDeps, requestPlan, runDto } from "@/lib/server/infra";
import { planBodySchema } from "@/lib/server/infra/api-schemas";

export const dynamic = "force-dynamic";
type Ctx = { params: Promise<{ env: string }> };

export const POST = route<Ctx>("/api/infra/environments/[env]/plan", async (request, { params }, ctx) => {
  const principal = await requireApiPrincipal("portal.view");
  const caller = auditContext(principal, ctx);
  const body = await readJsonBody(request, planBodySchema);
  const { env } = await params;
  const deps = await infraDeps();
  const run = await requestPlan(deps, caller, { environment: env, trigger: body.driftCheck ? "drift" : "user" });
  return Response.json(await runDto(deps.db, run.id, infraConfig()), { status: 201 });
});
