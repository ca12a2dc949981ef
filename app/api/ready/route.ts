import { route } from "@/lib/http/route";
import { checkReadiness } from "@/lib/server/ops/readiness";

export const dynamic = "force-dynamic";

export const GET = route("/api/ready", async () => {
  const r = await checkReadiness();
  return r.ready
    ? Response.json({ status: "ready" })
    : Response.json({ status: "not_ready", reason: r.reason }, { status: 503 });
});
