// POST /api/infra/runs/{id}/approve {reason?} — approves a plan for apply (prod: not its requester).
import { z } from "zod";
import { readJson, route } from "@/lib/http/route";
import { approvePlan, infraConfig, infraDeps, runDto } from "@/lib/server/infra";
import { routeCaller } from "@/lib/server/infra/route-caller";

export const dynamic = "force-dynamic";
const bodySchema = z.strictObject({ reason: z.string().max(2000).optional() });
type Ctx = { params: Promise<{ id: string }> };

export const POST = route<Ctx>("/api/infra/runs/[id]/approve", async (request, { params }) => {
  const caller = await routeCaller(request);
  const body = bodySchema.parse(await readJson(request));
  const { id } = await params;
  const deps = await infraDeps();
  const run = await approvePlan(deps, caller, { runId: id, reason: body.reason });
  return Response.json(await runDto(deps.db, run.id, infraConfig()));
});
