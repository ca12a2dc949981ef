// The wire schemas of /api/audit*: parsed by the routes and registered in the OpenAPI document
// (lib/http/openapi/paths/audit.ts).
import { z } from "zod";
import { AUDIT_OUTCOMES } from "@/lib/domain/audit-actions";
import { EXPORT_FORMATS } from "./export";
import { auditFilterSchema, auditPageSchema } from "./query";

export const exportFormatSchema = z.object({
  format: z.enum(EXPORT_FORMATS, { error: `must be one of ${EXPORT_FORMATS.join(", ")}` }).default("csv"),
});

/** For the document only: the routes parse filter and page separately (each has its own refinements). */
export const auditListQuerySchema = z.object({ ...auditFilterSchema.shape, ...auditPageSchema.shape });
export const auditExportQuerySchema = z.object({ ...exportFormatSchema.shape, ...auditFilterSchema.shape });

export const verifyRequestSchema = z.strictObject({
  fromCheckpointId: z
    .string()
    .refine((s) => s === "latest-signed" || z.uuid().safeParse(s).success, {
      message: 'must be a checkpoint id (a UUID) or "latest-signed"',
    })
    .optional(),
});

export const checkpointRequestSchema = z.strictObject({});

const seq = z.string().regex(/^\d+$/);
const hash = z.string().regex(/^[0-9a-f]{64}$/);

export const auditEventDtoSchema = z.object({
  seq,
  id: z.string(),
  occurredAt: z.string(),
  actorId: z.string().nullable(),
  actorEmail: z.string().nullable(),
  actorRole: z.string().nullable(),
  actorIp: z.string().nullable(),
  userAgent: z.string().nullable(),
  action: z.string(),
  outcome: z.enum(AUDIT_OUTCOMES),
  environment: z.string().nullable(),
  application: z.string().nullable(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  correlationId: z.string().nullable(),
  details: z.unknown(),
  prevHash: hash,
  hash,
});

export const auditPageResponseSchema = z.object({
  events: z.array(auditEventDtoSchema),
  older: seq.nullable(),
  newer: seq.nullable(),
});

export const checkpointDtoSchema = z.object({
  id: z.string(),
  seq,
  hash,
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  signature: z.string().nullable(),
});

export const verifyResultSchema = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  fromSeq: seq,
  headSeq: seq,
  headHash: z.string(),
  firstBreak: z.looseObject({ seq, reason: z.string(), message: z.string() }).nullable(),
  checkpoints: z.array(
    checkpointDtoSchema.extend({
      matches: z.boolean().nullable(),
      signatureCheck: z.enum(["valid", "invalid", "unsigned", "no_key"]),
    }),
  ),
  durationMs: z.number(),
});
