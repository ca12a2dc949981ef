import "server-only";
// Streaming CSV / JSON export of a filtered set. Rows are read in keyset batches and encoded as
// they go, so a million rows never sit in memory. The export is bounded by the head at its start
// (a consistent set that excludes later events, including its own audit record) and is audited.
import type { ChainedAuditEvent } from "@/lib/domain/audit-chain";
import { type AuditFilter, readHead, scanAuditEvents, toDto } from "./query";
import { type AuditActor, recordAudit } from "./record";
import type { AuditDb, AuditTx } from "./types";

export const EXPORT_FORMATS = ["csv", "json", "ndjson"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const CSV_COLUMNS = [
  "seq",
  "id",
  "occurredAt",
  "actorId",
  "actorEmail",
  "actorRole",
  "actorIp",
  "userAgent",
  "action",
  "outcome",
  "environment",
  "application",
  "targetType",
  "targetId",
  "correlationId",
  "details",
  "prevHash",
  "hash",
] as const;

/**
 * RFC 4180 field: quoted when needed. Cells a spreadsheet would run as a formula
 * (=, +, -, @, tab, CR) get a leading apostrophe (OWASP CSV injection guidance).
 */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return "";
  let s = typeof value === "string" ? value : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function csvRow(e: ChainedAuditEvent): string {
  const d = toDto(e) as unknown as Record<string, unknown>;
  return `${CSV_COLUMNS.map((c) => csvField(d[c])).join(",")}\r\n`;
}

export function exportFileName(format: ExportFormat, at = new Date()): string {
  return `audit-${at.toISOString().replace(/[:.]/g, "-")}.${format === "ndjson" ? "ndjson" : format}`;
}

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  json: "application/json; charset=utf-8",
  ndjson: "application/x-ndjson; charset=utf-8",
};

/** Encodes the matching events up to `upToSeq` as a byte stream (pull-based: back-pressure respected). */
export function auditExportStream(
  db: AuditTx,
  filter: AuditFilter,
  format: ExportFormat,
  upToSeq: bigint,
  batchSize = 2000,
): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  const batches = scanAuditEvents(db, { filter, upToSeq, batchSize });
  let started = false;
  let first = true;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        if (!started) {
          started = true;
          if (format === "csv") controller.enqueue(enc.encode(`${CSV_COLUMNS.join(",")}\r\n`));
          if (format === "json") controller.enqueue(enc.encode("["));
        }
        const next = await batches.next();
        if (next.done) {
          if (format === "json") controller.enqueue(enc.encode(first ? "]\n" : "\n]\n"));
          controller.close();
          return;
        }
        let chunk = "";
        for (const e of next.value) {
          if (format === "csv") chunk += csvRow(e);
          else if (format === "ndjson") chunk += `${JSON.stringify(toDto(e))}\n`;
          else {
            chunk += `${first ? "\n" : ",\n"}${JSON.stringify(toDto(e))}`;
            first = false;
          }
        }
        controller.enqueue(enc.encode(chunk));
      } catch (err) {
        controller.error(err);
      }
    },
    async cancel() {
      await batches.return(undefined);
    },
  });
}

/** Records the export (what, in which format, up to which event) and returns its stream. */
export async function startAuditExport(
  db: AuditDb,
  actor: AuditActor,
  filter: AuditFilter,
  format: ExportFormat,
  opts: { correlationId?: string } = {},
): Promise<{ stream: ReadableStream<Uint8Array>; upToSeq: bigint; fileName: string }> {
  const head = await readHead(db);
  await db.$transaction(async (tx) => {
    await recordAudit(tx, {
      action: "audit.exported",
      actor,
      target: { type: "audit", id: "export" },
      correlationId: opts.correlationId,
      details: { format, upToSeq: head.seq.toString(), filter: serialiseFilter(filter) },
    });
  });
  return {
    stream: auditExportStream(db, filter, format, head.seq),
    upToSeq: head.seq,
    fileName: exportFileName(format),
  };
}

export function serialiseFilter(f: AuditFilter): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(f)) {
    if (v === undefined) continue;
    out[k] = v instanceof Date ? v.toISOString() : Array.isArray(v) ? v.join(",") : String(v);
  }
  return out;
}
