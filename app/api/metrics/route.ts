// GET /api/metrics — Prometheus exposition, served only to a bearer of METRICS_TOKEN (the Helm
// chart's ServiceMonitor sends it; the sandbox world generates one for its Prometheus). Without a
// token configured (development and the sandbox only: production refuses to start) it is open.
import { timingSafeEqual } from "node:crypto";
import { getEnv } from "@/lib/env";
import { metrics } from "@/lib/metrics";

export const dynamic = "force-dynamic";

function bearerMatches(header: string | null, token: string): boolean {
  const given = Buffer.from(header?.replace(/^Bearer\s+/i, "") ?? "");
  const want = Buffer.from(token);
  return given.length === want.length && timingSafeEqual(given, want);
}

export async function GET(request: Request) {
  const token = getEnv().METRICS_TOKEN;
  if (token && !bearerMatches(request.headers.get("authorization"), token)) {
    return Response.json(
      { error: "unauthorized", message: "Metrics need the bearer token (METRICS_TOKEN)" },
      { status: 401, headers: { "www-authenticate": 'Bearer realm="metrics"' } },
    );
  }
  return new Response(await metrics.registry.metrics(), {
    headers: { "content-type": metrics.registry.contentType },
  });
}
