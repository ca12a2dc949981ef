// POST /api/infra/environments/{env}/plan — starts nura-infra-plan for the environment (takes its lock).
import { z } from "zod";
import { readJson, route } from "@/lib/http/route";
import { infraConfig, infraDeps, requestPlan, runDto } from "@/lib/server/infra";
import { routeCaller } from "@/lib/server/infra/route-caller";

export const dynamic = "force-dynamic";
const bodySchema = z.strictObject({});
type Ctx = { params: Promise<{ env: string }> };

export const POST = route<Ctx>("/api/infra/environments/[env]/plan", async (request, { params }) => {
  const caller = await routeCaller(request);
  bodySchema.parse(await readJson(request));
  const { env } = await params;
  const deps = await infraDeps();
  const run = await requestPlan(deps, caller, { environment: env });
  return Response.json(await runDto(deps.db, run.id, infraConfig()), { status: 201 });
});
