// GET /api/overview: environments × applications with per-upstream freshness. Served from the
// shared SWR cache, so polling viewers never multiply upstream calls.
import { requireApiPrincipal } from "@/lib/auth/session";
import { route } from "@/lib/http/route";
import { getOverviewJson } from "@/lib/server/overview";

export const dynamic = "force-dynamic";

export const GET = route("/api/overview", async () => {
  await requireApiPrincipal("portal.view");
  // Serialised once per change of the underlying data, not once per viewer.
  return new Response(await getOverviewJson(), {
    headers: { "content-type": "application/json", "cache-control": "no-store" },
  });
});
