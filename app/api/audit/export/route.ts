// GET /api/audit/export?format=csv|json|ndjson&<filters> — the filtered set as a streamed
// download (constant memory for any size), bounded by the head at its start. The export is
// itself recorded as an "audit.exported" event before the first byte is sent — so it is refused when
// another site makes the browser ask (Sec-Fetch-Site: cross-site / same-site), and HEAD (which Next
// would otherwise answer by running GET) checks the same things but writes nothing.
import { requireApiPrincipal } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { forbidden } from "@/lib/http/errors";
import { queryParams } from "@/lib/http/params";
import { route } from "@/lib/http/route";
import {
  AUDIT_QUERY_KEYS,
  auditContext,
  auditFilterSchema,
  filterInput,
  requireAuditedPrincipal,
  startAuditExport,
} from "@/lib/server/audit";
import { exportFormatSchema } from "@/lib/server/audit/api-schemas";
import { EXPORT_CONTENT_TYPES } from "@/lib/server/audit/export";

export const dynamic = "force-dynamic";

function parseExport(request: Request) {
  const params = queryParams(request.url, [...AUDIT_QUERY_KEYS, "format"]);
  const { format } = exportFormatSchema.parse({ format: params.format });
  return { format, filter: auditFilterSchema.parse(filterInput(params)) };
}

export const HEAD = route("/api/audit/export", async (request) => {
  await requireApiPrincipal("audit.export");
  const { format } = parseExport(request);
  return new Response(null, { headers: { "content-type": EXPORT_CONTENT_TYPES[format], "cache-control": "no-store" } });
});

export const GET = route("/api/audit/export", async (request, _c, ctx) => {
  if (ctx.fetchSite === "cross-site" || ctx.fetchSite === "same-site") {
    throw forbidden("An export is an audited act: it must be started from the portal itself, not another site");
  }
  const principal = await requireAuditedPrincipal(ctx, "audit.export", {
    action: "audit.exported",
    target: { type: "audit", id: "export" },
  });
  const { format, filter } = parseExport(request);
  const { actor, correlationId } = auditContext(principal, ctx);
  const out = await startAuditExport(await getDb(), actor, filter, format, { correlationId });
  return new Response(out.stream, {
    headers: {
      "content-type": EXPORT_CONTENT_TYPES[format],
      "content-disposition": `attachment; filename="${out.fileName}"`,
      "cache-control": "no-store",
      "x-audit-export-up-to-seq": out.upToSeq.toString(),
    },
  });
});
