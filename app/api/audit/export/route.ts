// GET /api/audit/export?format=csv|json|ndjson&<filters> — the filtered set as a streamed
// download (constant memory for any size), bounded by the head at its start. The export is
// itself recorded as an "audit.exported" event before the first byte is sent.
import { z } from "zod";
import { getDb } from "@/lib/db";
import { route } from "@/lib/http/route";
import {
  auditContext,
  auditFilterSchema,
  EXPORT_FORMATS,
  filterInput,
  requireAuditedPrincipal,
  startAuditExport,
} from "@/lib/server/audit";
import { EXPORT_CONTENT_TYPES } from "@/lib/server/audit/export";

export const dynamic = "force-dynamic";

const formatSchema = z.object({
  format: z.enum(EXPORT_FORMATS, { error: `must be one of ${EXPORT_FORMATS.join(", ")}` }).default("csv"),
});

export const GET = route("/api/audit/export", async (request, _c, ctx) => {
  const principal = await requireAuditedPrincipal(ctx, "audit.export", {
    action: "audit.exported",
    target: { type: "audit", id: "export" },
  });
  const params = new URL(request.url).searchParams;
  const { format } = formatSchema.parse({ format: params.get("format") || undefined });
  const filter = auditFilterSchema.parse(filterInput(params));
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
