// GET /api/infra/runs/{id} — the run with its stages, lock and (for plans) whether it can still be applied.
import { requireApiPrincipal } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { route } from "@/lib/http/route";
import { infraConfig, runDto } from "@/lib/server/infra";

export const dynamic = "force-dynamic";
type Ctx = { params: Promise<{ id: string }> };

// A read: the database only, not infraDeps() (which opens the job queue and the Jenkins client).
export const GET = route<Ctx>("/api/infra/runs/[id]", async (_request, { params }) => {
  await requireApiPrincipal("portal.view");
  const { id } = await params;
  return Response.json(await runDto(await getDb(), id, infraConfig()));
});
