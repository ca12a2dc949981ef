// GET /api/infra/runs/{id}/console — Server-Sent Events: `console` chunks (id = byte offset), `run`
// updates (status, stages, lock), `end` when the build finished and the log is complete.
import { requireApiPrincipal } from "@/lib/auth/session";
import { queryParams } from "@/lib/http/params";
import { route } from "@/lib/http/route";
import { infraDeps } from "@/lib/server/infra";
import { consoleQuerySchema } from "@/lib/server/infra/api-schemas";
import { consoleStream } from "@/lib/server/infra/console-stream";
import { findRun } from "@/lib/server/infra/runs";

export const dynamic = "force-dynamic";
type Ctx = { params: Promise<{ id: string }> };

export const GET = route<Ctx>("/api/infra/runs/[id]/console", async (request, { params }) => {
  await requireApiPrincipal("portal.view");
  const { id } = await params;
  const query = consoleQuerySchema.parse(queryParams(request.url));
  const deps = await infraDeps();
  await findRun(deps.db, id); // 404 before the stream starts
  const from = Number(request.headers.get("last-event-id") ?? query.start ?? 0);
  const stream = consoleStream(deps, {
    runId: id,
    // Last-Event-ID is the browser's: anything but a positive integer there starts from the beginning.
    start: Number.isSafeInteger(from) && from > 0 ? from : 0,
    signal: request.signal,
  });
  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      "x-accel-buffering": "no",
    },
  });
});
