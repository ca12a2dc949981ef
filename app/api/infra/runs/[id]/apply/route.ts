// POST /api/infra/runs/{id}/apply — applies an approved plan (nura-infra-apply bound to its sha256).
import { z } from "zod";
import { readJson, route } from "@/lib/http/route";
import { infraConfig, infraDeps, requestApply, runDto } from "@/lib/server/infra";
import { routeCaller } from "@/lib/server/infra/route-caller";

export const dynamic = "force-dynamic";
const bodySchema = z.strictObject({});
type Ctx = { params: Promise<{ id: string }> };

export const POST = route<Ctx>("/api/infra/runs/[id]/apply", async (request, { params }) => {
  const caller = await routeCaller(request);
  bodySchema.parse(await readJson(request));
  const { id } = await params;
  const deps = await infraDeps();
  const run = await requestApply(deps, caller, { planRunId: id });
  return Response.json(await runDto(deps.db, run.id, infraConfig()), { status: 201 });
});
