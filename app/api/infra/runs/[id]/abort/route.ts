// POST /api/infra/runs/{id}/abort — stops the run's Jenkins build and frees the environment's lock.
import { z } from "zod";
import { requireApiPrincipal } from "@/lib/auth/session";
import { readJsonBody, route } from "@/lib/http/route";
import { auditContext } from "@/lib/server/audit";
import { abortRun, infraConfig, infraDeps, runDto } from "@/lib/server/infra";

export const dynamic = "force-dynamic";
const bodySchema = z.strictObject({});
type Ctx = { params: Promise<{ id: string }> };

export const POST = route<Ctx>("/api/infra/runs/[id]/abort", async (request, { params }, ctx) => {
  const principal = await requireApiPrincipal("portal.view");
  const caller = auditContext(principal, ctx);
  await readJsonBody(request, bodySchema);
  const { id } = await params;
  const deps = await infraDeps();
  const run = await abortRun(deps, caller, { runId: id });
  return Response.json(await runDto(deps.db, run.id, infraConfig()));
});
