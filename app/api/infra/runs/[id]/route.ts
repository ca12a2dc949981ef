// GET /api/infra/runs/{id} — the run with its stages, lock and (for plans) whether it can still be applied.
import { requireApiPrincipal } from "@/lib/auth/session";
import { route } from "@/lib/http/route";
import { infraConfig, infraDeps, runDto } from "@/lib/server/infra";

export const dynamic = "force-dynamic";
type Ctx = { params: Promise<{ id: string }> };

export const GET = route<Ctx>("/api/infra/runs/[id]", async (_request, { params }) => {
  await requireApiPrincipal("portal.view");
  const { id } = await params;
  return Response.json(await runDto((await infraDeps()).db, id, infraConfig()));
});
