// The audit service: the one way to write, read, verify, checkpoint, export and archive the
// audit log. Writers call recordAudit(tx, …) inside the transaction of their state change.
export type { AuditAction, AuditOutcome, AuditTargetType } from "@/lib/domain/audit-actions";
export { type ArchiveResult, archiveAuditEvents, verifyArchiveFile } from "./archive";
export { auditedAction, requireAuditedPrincipal } from "./audited";
export {
  type AuditContext,
  type AuditedActionSpec,
  type AuditIntent,
  auditContext,
  createAuditedAction,
} from "./audited-action";
export { EXPORT_FORMATS, type ExportFormat, startAuditExport } from "./export";
export {
  AUDIT_QUERY_KEYS,
  type AuditFilter,
  type AuditPage,
  auditFilterSchema,
  auditPageSchema,
  auditTrail,
  filterInput,
  listAuditEvents,
} from "./query";
export {
  type AuditActor,
  type AuditEventInput,
  AuditInputError,
  actorFromRequest,
  type RecordedAuditEvent,
  recordAudit,
  SYSTEM_ACTOR,
} from "./record";
export type { AuditDb, AuditEventDto, AuditTx } from "./types";
export {
  type CheckpointDto,
  createCheckpoint,
  listCheckpoints,
  UntrustedCheckpointError,
  type VerifyResult,
  verifyAndRecord,
  verifyAuditChain,
} from "./verify";
