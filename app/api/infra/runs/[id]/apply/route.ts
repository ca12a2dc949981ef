// POST /api/infra/runs/{id}/apply — applies an approved plan (nura-infra-apply bound to its sha256).
import { z } from "zod";
import { requireApiPrincipal } from "@/lib/auth/session";
import { readJsonBody, route } from "@/lib/http/route";
import { auditContext } from "@/lib/server/audit";
import { infraConfig, infraDeps, requestApply, runDto } from "@/lib/server/infra";

export const dynamic = "force-dynamic";
const bodySchema = z.strictObject({});
type Ctx = { params: Promise<{ id: string }> };

export const POST = route<Ctx>("/api/infra/runs/[id]/apply", async (request, { params }, ctx) => {
  const principal = await requireApiPrincipal("portal.view");
  const caller = auditContext(principal, ctx);
  await readJsonBody(request, bodySchema);
  const { id } = await params;
  const deps = await infraDeps();
  const run = await requestApply(deps, caller, { planRunId: id });
  return Response.json(await runDto(deps.db, run.id, infraConfig()), { status: 201 });
});
