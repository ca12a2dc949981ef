// POST /api/infra/runs/{id}/abort — stops the run's Jenkins build and frees the environment's lock.
import { z } from "zod";
import { readJson, route } from "@/lib/http/route";
import { abortRun, infraConfig, infraDeps, runDto } from "@/lib/server/infra";
import { routeCaller } from "@/lib/server/infra/route-caller";

export const dynamic = "force-dynamic";
const bodySchema = z.strictObject({});
type Ctx = { params: Promise<{ id: string }> };

export const POST = route<Ctx>("/api/infra/runs/[id]/abort", async (request, { params }) => {
  const caller = await routeCaller(request);
  bodySchema.parse(await readJson(request));
  const { id } = await params;
  const deps = await infraDeps();
  const run = await abortRun(deps, caller, { runId: id });
  return Response.json(await runDto(deps.db, run.id, infraConfig()));
});
