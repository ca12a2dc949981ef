// GET  /api/audit/checkpoints — every checkpoint (head hash at a time, optionally signed).
// POST /api/audit/checkpoints — records the current head as a checkpoint, signed with
//      AUDIT_SIGNING_KEY when set, and audits it ("audit.checkpoint_created").
import { requireApiPrincipal } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { readJsonBody } from "@/lib/http/json-body";
import { route } from "@/lib/http/route";
import { auditContext, createCheckpoint, listCheckpoints, requireAuditedPrincipal } from "@/lib/server/audit";
import { checkpointRequestSchema } from "@/lib/server/audit/api-schemas";

export const dynamic = "force-dynamic";

export const GET = route("/api/audit/checkpoints", async () => {
  await requireApiPrincipal("audit.read");
  return Response.json(
    { checkpoints: await listCheckpoints(await getDb()) },
    { headers: { "cache-control": "no-store" } },
  );
});

export const POST = route("/api/audit/checkpoints", async (request, _c, ctx) => {
  const principal = await requireAuditedPrincipal(ctx, "audit.verify", {
    action: "audit.checkpoint_created",
    target: { type: "audit", id: "checkpoint" },
  });
  await readJsonBody(request, checkpointRequestSchema);
  const { actor, correlationId } = auditContext(principal, ctx);
  const checkpoint = await createCheckpoint(await getDb(), actor, {
    signingKey: getEnv().AUDIT_SIGNING_KEY,
    correlationId,
  });
  return Response.json(checkpoint, { status: 201 });
});
