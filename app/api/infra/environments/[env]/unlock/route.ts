// POST /api/infra/environments/{env}/unlock {reason} — admin force-unlock, audited with the reason.
import { z } from "zod";
import { readJson, route } from "@/lib/http/route";
import { infraDeps, unlockEnvironment } from "@/lib/server/infra";
import { routeCaller } from "@/lib/server/infra/route-caller";

export const dynamic = "force-dynamic";
const bodySchema = z.strictObject({ reason: z.string({ error: "a written reason is required" }).max(1000) });
type Ctx = { params: Promise<{ env: string }> };

export const POST = route<Ctx>("/api/infra/environments/[env]/unlock", async (request, { params }) => {
  const caller = await routeCaller(request);
  const body = bodySchema.parse(await readJson(request));
  const { env } = await params;
  return Response.json(await unlockEnvironment(await infraDeps(), caller, { environment: env, reason: body.reason }));
});
