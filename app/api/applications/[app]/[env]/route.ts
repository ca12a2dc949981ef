// GET /api/applications/{app}/{env}?range=1h|6h|24h|7d — the application page's live data.
import { z } from "zod";
import { requireApiPrincipal } from "@/lib/auth/session";
import { TIME_RANGE_KEYS, type TimeRangeKey } from "@/lib/domain/metric-queries";
import { route } from "@/lib/http/route";
import { getDetailService } from "@/lib/server/applications";

export const dynamic = "force-dynamic";

const querySchema = z.object({
  range: z
    .enum(TIME_RANGE_KEYS as [TimeRangeKey, ...TimeRangeKey[]], {
      error: `must be one of ${TIME_RANGE_KEYS.join(", ")}`,
    })
    .default("1h"),
});

type Ctx = { params: Promise<{ app: string; env: string }> };

export const GET = route<Ctx>("/api/applications/[app]/[env]", async (request, { params }) => {
  await requireApiPrincipal("portal.view");
  const { app, env } = await params;
  const { range } = querySchema.parse({ range: new URL(request.url).searchParams.get("range") || undefined });
  return Response.json(await getDetailService().get(app, env, range), { headers: { "cache-control": "no-store" } });
});
