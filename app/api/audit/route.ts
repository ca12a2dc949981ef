// GET /api/audit — one page of the audit log, newest first. Query: the filters of
// lib/server/audit/query.ts (actor, action, environment, application, outcome, from, to, q,
// targetType, targetId, correlationId) and keyset paging (before | after, limit ≤ 200).
import { requireApiPrincipal } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { queryParams } from "@/lib/http/params";
import { route } from "@/lib/http/route";
import { AUDIT_QUERY_KEYS, auditFilterSchema, auditPageSchema, filterInput, listAuditEvents } from "@/lib/server/audit";

export const dynamic = "force-dynamic";

export const GET = route("/api/audit", async (request) => {
  await requireApiPrincipal("audit.read");
  const input = filterInput(queryParams(request.url, AUDIT_QUERY_KEYS));
  const filter = auditFilterSchema.parse(input);
  const page = auditPageSchema.parse(input);
  return Response.json(await listAuditEvents(await getDb(), filter, page), {
    headers: { "cache-control": "no-store" },
  });
});
