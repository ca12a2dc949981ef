// POST /api/infra/runs/{id}/approve {reason?} — approves a plan for apply (prod: not its requester).
import { requireApiPrincipal } from "@/lib/auth/session";
import { readJsonBody, route } from "@/lib/http/route";
import { auditContext } from "@/lib/server/audit";
import { approvePlan, infraConfig, infraDeps, runDto } from "@/lib/server/infra";
import { approveBodySchema } from "@/lib/server/infra/api-schemas";

export const dynamic = "force-dynamic";
type Ctx = { params: Promise<{ id: string }> };

export const POST = route<Ctx>("/api/infra/runs/[id]/approve", async (request, { params }, ctx) => {
  const principal = await requireApiPrincipal("portal.view");
  const caller = auditContext(principal, ctx);
  const body = await readJsonBody(request, approveBodySchema);
  const { id } = await params;
  const deps = await infraDeps();
  const run = await approvePlan(deps, { ...caller, principal }, { runId: id, reason: body.reason });
  return Response.json(await runDto(deps.db, run.id, infraConfig()));
});
