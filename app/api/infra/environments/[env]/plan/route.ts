// POST /api/infra/environments/{env}/plan — starts nura-infra-plan for the environment (takes its lock).
import { z } from "zod";
import { requireApiPrincipal } from "@/lib/auth/session";
import { readJsonBody, route } from "@/lib/http/route";
import { auditContext } from "@/lib/server/audit";
import { infraConfig, infraDeps, requestPlan, runDto } from "@/lib/server/infra";

export const dynamic = "force-dynamic";
const bodySchema = z.strictObject({});
type Ctx = { params: Promise<{ env: string }> };

export const POST = route<Ctx>("/api/infra/environments/[env]/plan", async (request, { params }, ctx) => {
  const principal = await requireApiPrincipal("portal.view");
  const caller = auditContext(principal, ctx);
  await readJsonBody(request, bodySchema);
  const { env } = await params;
  const deps = await infraDeps();
  const run = await requestPlan(deps, caller, { environment: env });
  return Response.json(await runDto(deps.db, run.id, infraConfig()), { status: 201 });
});
