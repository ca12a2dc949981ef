// GET /api/openapi.json — the OpenAPI 3.1 document of this API (lib/http/openapi).
import { openApiDocument } from "@/lib/http/openapi/document";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route("/api/openapi.json", async () =>
  Response.json(openApiDocument(), { headers: { "cache-control": "public, max-age=300" } }),
);
