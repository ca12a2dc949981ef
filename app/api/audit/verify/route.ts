// POST /api/audit/verify — recomputes the hash chain (from genesis, or from a signed checkpoint
// given as {"fromCheckpointId": "<uuid>" | "latest-signed"}) and names the first event that does not match.
// The verification is recorded as an "audit.verified" event whose outcome is the verdict.
import { getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { badRequest } from "@/lib/http/errors";
import { readJsonBody } from "@/lib/http/json-body";
import { route } from "@/lib/http/route";
import { auditContext, requireAuditedPrincipal, UntrustedCheckpointError, verifyAndRecord } from "@/lib/server/audit";
import { verifyRequestSchema } from "@/lib/server/audit/api-schemas";

export const dynamic = "force-dynamic";

export const POST = route("/api/audit/verify", async (request, _c, ctx) => {
  const principal = await requireAuditedPrincipal(ctx, "audit.verify", {
    action: "audit.verified",
    target: { type: "audit", id: "chain" },
  });
  const body = await readJsonBody(request, verifyRequestSchema);
  const { actor, correlationId } = auditContext(principal, ctx);
  try {
    const result = await verifyAndRecord(await getDb(), actor, {
      signingKey: getEnv().AUDIT_SIGNING_KEY,
      fromCheckpointId: body.fromCheckpointId,
      correlationId,
    });
    return Response.json(result, { headers: { "cache-control": "no-store" } });
  } catch (err) {
    if (err instanceof UntrustedCheckpointError) throw badRequest(err.message);
    throw err;
  }
});
