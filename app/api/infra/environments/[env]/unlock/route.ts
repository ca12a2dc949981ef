// POST /api/infra/environments/{env}/unlock {reason} — admin force-unlock, audited with the reason.
import { requireApiPrincipal } from "@/lib/auth/session";
import { readJsonBody, route } from "@/lib/http/route";
import { auditContext } from "@/lib/server/audit";
import { infraDeps, unlockEnvironment } from "@/lib/server/infra";
import { unlockBodySchema } from "@/lib/server/infra/api-schemas";

export const dynamic = "force-dynamic";
type Ctx = { params: Promise<{ env: string }> };

export const POST = route<Ctx>("/api/infra/environments/[env]/unlock", async (request, { params }, ctx) => {
  const principal = await requireApiPrincipal("portal.view");
  const caller = auditContext(principal, ctx);
  const body = await readJsonBody(request, unlockBodySchema);
  const { env } = await params;
  return Response.json(await unlockEnvironment(await infraDeps(), caller, { environment: env, reason: body.reason }));
});
