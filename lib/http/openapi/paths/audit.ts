// /api/audit* in the OpenAPI document.
import { z } from "zod";
import {
  auditExportQuerySchema,
  auditListQuerySchema,
  auditPageResponseSchema,
  checkpointDtoSchema,
  checkpointRequestSchema,
  verifyRequestSchema,
  verifyResultSchema,
} from "@/lib/server/audit/api-schemas";
import { registerRoute } from "../registry";

registerRoute({
  method: "get",
  path: "/api/audit",
  summary: "One page of the audit log, newest first (filters, keyset cursors before/after)",
  tags: ["audit"],
  access: "audit.read",
  query: auditListQuerySchema,
  responses: { 200: { description: "A page of events", schema: auditPageResponseSchema } },
});

registerRoute({
  method: "get",
  path: "/api/audit/export",
  summary: "The filtered log as a download (CSV, JSON or NDJSON); the export is itself audited",
  description: "Refused (403) when another site makes the browser ask (Sec-Fetch-Site cross-site or same-site).",
  tags: ["audit"],
  access: "audit.export",
  query: auditExportQuerySchema,
  responses: {
    200: {
      description: "The events up to the head at the export's start",
      schema: z.unknown(),
      contentType: ["text/csv", "application/json", "application/x-ndjson"],
      headers: { "x-audit-export-up-to-seq": "the head seq the export stops at" },
    },
  },
  audit: ["audit.exported"],
});

registerRoute({
  method: "post",
  path: "/api/audit/verify",
  summary: "Recompute the hash chain and name the first event that does not match",
  tags: ["audit"],
  access: "audit.verify",
  body: verifyRequestSchema,
  responses: {
    200: { description: "The verdict (also recorded as an audit.verified event)", schema: verifyResultSchema },
  },
  audit: ["audit.verified"],
});

registerRoute({
  method: "get",
  path: "/api/audit/checkpoints",
  summary: "Every checkpoint (the head hash at a time, optionally signed)",
  tags: ["audit"],
  access: "audit.read",
  responses: {
    200: { description: "The checkpoints", schema: z.object({ checkpoints: z.array(checkpointDtoSchema) }) },
  },
});

registerRoute({
  method: "post",
  path: "/api/audit/checkpoints",
  summary: "Record the current head as a checkpoint (signed with AUDIT_SIGNING_KEY when set)",
  tags: ["audit"],
  access: "audit.verify",
  body: checkpointRequestSchema,
  responses: { 201: { description: "The checkpoint", schema: checkpointDtoSchema } },
  audit: ["audit.checkpoint_created"],
});
