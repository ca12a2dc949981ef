// GET  /api/audit/checkpoints — every checkpoint (head hash at a time, optionally signed).
// POST /api/audit/checkpoints — records the current head as a checkpoint, signed with
//      AUDIT_SIGNING_KEY when set, and audits it ("audit.checkpoint_created").
import { z } from "zod";
import { requireApiPrincipal } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { primaryRole } from "@/lib/domain/roles";
import { getEnv } from "@/lib/env";
import { readJson, route } from "@/lib/http/route";
import { actorFromRequest, createCheckpoint, listCheckpoints } from "@/lib/server/audit";

export const dynamic = "force-dynamic";

export const GET = route("/api/audit/checkpoints", async () => {
  await requireApiPrincipal("audit.read");
  return Response.json(
    { checkpoints: await listCheckpoints(await getDb()) },
    { headers: { "cache-control": "no-store" } },
  );
});

export const POST = route("/api/audit/checkpoints", async (request) => {
  const principal = await requireApiPrincipal("audit.verify");
  z.strictObject({}).parse(await readJson(request));
  const actor = actorFromRequest(principal, primaryRole(principal), request.headers);
  const checkpoint = await createCheckpoint(await getDb(), actor, {
    signingKey: getEnv().AUDIT_SIGNING_KEY,
    correlationId: request.headers.get("x-request-id") ?? undefined,
  });
  return Response.json(checkpoint, { status: 201 });
});
