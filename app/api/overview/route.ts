// GET /api/overview: environments × applications with per-upstream freshness. Served from the
// shared SWR cache, so polling viewers never multiply upstream calls.
import { requireApiPrincipal } from "@/lib/auth/session";
import { route } from "@/lib/http/route";
import { getOverviewJson } from "@/lib/server/overview";

export const dynamic = "force-dynamic";

export const GET = route("/api/overview", async (request) => {
  await requireApiPrincipal("portal.view");
  // Serialised once per change of the underlying data, not once per viewer; a poll that already
  // has this version gets a 304 (private: the answer depends on being signed in).
  const { json, etag } = await getOverviewJson();
  const headers = { etag, "cache-control": "private, no-cache", vary: "Cookie" };
  if (request.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers });
  return new Response(json, { headers: { ...headers, "content-type": "application/json" } });
});
