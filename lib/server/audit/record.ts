import "server-only";
// The one way to write an audit event. Call it with the Prisma transaction that makes the state
// change, so the change and its event commit (or roll back) together:
//
//   await db.$transaction(async (tx) => {
//     const p = await tx.promotion.update({ ... });
//     await recordAudit(tx, { action: "promotion.approved", actor, target: { type: "promotion", id: p.id }, ... });
//   });
//
// Appends are serialised by a transaction-scoped advisory lock (taken inside
// audit_chain_head_locked(), see the audit_append_only migration), held until the caller's
// transaction ends, so concurrent writers never fork the chain. The database refuses any insert
// that does not extend the head, and any UPDATE/DELETE/TRUNCATE.
import { z } from "zod";
import { AUDIT_ACTION_NAMES, AUDIT_OUTCOMES, AUDIT_TARGET_TYPES, type AuditAction } from "@/lib/domain/audit-actions";
import {
  type ChainedAuditEvent,
  type ChainHead,
  canonicalEventParts,
  canonicalJson,
  computeEventHash,
  type JsonValue,
} from "@/lib/domain/audit-chain";
import { Prisma } from "@/lib/generated/prisma/client";
import { storable } from "@/lib/http/json-body";
import { requestContext } from "@/lib/http/request-context";
import type { AuditTx } from "./types";

/** pg_advisory_xact_lock key: the bytes "nuraaudt" as a signed int8 (repeated in the migration). */
export const AUDIT_CHAIN_LOCK_KEY = 7959393679019697268n;
/** Canonical details larger than this are refused: an audit event is a summary, not a payload. */
export const MAX_DETAILS_BYTES = 32 * 1024;

const text = (max: number) => storable(z.string().max(max, `must be at most ${max} characters`));

const jsonValue: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([
    z.null(),
    z.boolean(),
    z.number().refine(Number.isFinite, "must be a finite number"),
    text(8192),
    z.array(jsonValue),
    z.record(text(200), jsonValue),
  ]),
);

export const auditActorSchema = z.object({
  id: text(200).nullable(),
  email: text(320).nullable(),
  role: text(50).nullable(),
  ip: text(100).nullable(),
  userAgent: text(1000).nullable(),
});
export type AuditActor = z.infer<typeof auditActorSchema>;

/** The actor for events the portal itself causes (schedulers, workers, the retention job). */
export const SYSTEM_ACTOR: AuditActor = { id: "system", email: null, role: "system", ip: null, userAgent: null };

export const auditEventInputSchema = z.object({
  action: z.enum(AUDIT_ACTION_NAMES as [AuditAction, ...AuditAction[]], {
    error: (i) => `"${String(i.input)}" is not an audit action (see lib/domain/audit-actions.ts)`,
  }),
  outcome: z.enum(AUDIT_OUTCOMES).default("success"),
  actor: auditActorSchema,
  environment: text(63).nullish(),
  application: text(100).nullish(),
  target: z.object({ type: z.enum(AUDIT_TARGET_TYPES), id: text(200).min(1, "must not be empty") }).nullish(),
  correlationId: text(200).nullish(),
  details: z
    .record(text(200), jsonValue)
    .default({})
    .refine((d) => {
      try {
        return Buffer.byteLength(canonicalJson(d)) <= MAX_DETAILS_BYTES;
      } catch {
        return true; // not JSON-safe: the field's own issue already says why
      }
    }, `must be at most ${MAX_DETAILS_BYTES} bytes of canonical JSON`),
});

/** What callers pass: action names are the union from lib/domain/audit-actions.ts. */
export type AuditEventInput = z.input<typeof auditEventInputSchema>;

export class AuditInputError extends Error {
  override name = "AuditInputError";
}

export type RecordedAuditEvent = { seq: bigint; id: string; hash: string; occurredAt: Date };

/** Reads the chain head under the append lock (held until the transaction ends). */
export async function lockChainHead(tx: AuditTx): Promise<ChainHead> {
  const rows = await tx.$queryRaw<{ head_seq: bigint; head_hash: string }[]>`
    SELECT head_seq, head_hash FROM audit_chain_head_locked()`;
  const row = rows[0];
  if (!row) throw new Error("audit_chain_head_locked() returned no row");
  return { seq: BigInt(row.head_seq), hash: row.head_hash };
}

const LIMITS = { id: 200, email: 320, role: 50, ip: 100, userAgent: 1000, environment: 63, application: 100 } as const;
const DETAIL_STRING_MAX = 8192;
const DETAIL_KEY_MAX = 200;

// NUL and unpaired surrogates cannot be stored; they become U+FFFD so the value stays recognisable.
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly what is replaced
const UNSTORABLE_G = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** A storable string of at most `max` UTF-16 units (as zod counts), never splitting a pair, marked "…". */
export function storableText(s: string, max: number): string {
  const clean = s.replace(UNSTORABLE_G, "\ufffd");
  if (clean.length <= max) return clean;
  let cut = clean.slice(0, max - 1);
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

const opt = (v: string | null | undefined, max: number) => (typeof v === "string" ? storableText(v, max) : v);

function storableDetails(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return storableText(value, DETAIL_STRING_MAX);
  if (depth > 32 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => storableDetails(v, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [storableText(k, DETAIL_KEY_MAX), storableDetails(v, depth + 1)]),
  );
}

/**
 * Makes every text field storable (NUL and lone surrogates replaced, lengths cut to the column's
 * limit), so nothing a client sent — a header, a filter, an id — can make an audit write fail.
 * What stays refused is a caller's programming error: an unknown action, a non-finite number,
 * details too large to be a summary.
 */
export function normaliseAuditInput(input: AuditEventInput): AuditEventInput {
  const a = input.actor;
  return {
    ...input,
    actor: a && {
      id: opt(a.id, LIMITS.id) ?? null,
      email: opt(a.email, LIMITS.email) ?? null,
      role: opt(a.role, LIMITS.role) ?? null,
      ip: opt(a.ip, LIMITS.ip) ?? null,
      userAgent: opt(a.userAgent, LIMITS.userAgent) ?? null,
    },
    environment: opt(input.environment, LIMITS.environment),
    application: opt(input.application, LIMITS.application),
    target: input.target && { ...input.target, id: opt(input.target.id, LIMITS.id) ?? input.target.id },
    correlationId: opt(input.correlationId, LIMITS.id),
    details: input.details && (storableDetails(input.details) as AuditEventInput["details"]),
  };
}

/**
 * Appends one event inside the caller's transaction (pass the interactive `$transaction` client;
 * with the plain client the event commits on its own, for events that describe no state change).
 * Invalid input throws AuditInputError naming the field (a programming error in the caller).
 */
export async function recordAudit(tx: AuditTx, input: AuditEventInput): Promise<RecordedAuditEvent> {
  const parsed = auditEventInputSchema.safeParse(normaliseAuditInput(input));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AuditInputError(`audit event ${issue.path.join(".") || "input"}: ${issue.message}`);
  }
  const e = parsed.data;
  const content: AuditEventContent = {
    id: crypto.randomUUID(),
    occurredAt: new Date(),
    actorId: e.actor.id,
    actorEmail: e.actor.email?.toLowerCase() ?? null,
    actorRole: e.actor.role,
    actorIp: e.actor.ip,
    userAgent: e.actor.userAgent,
    action: e.action,
    outcome: e.outcome,
    environment: e.environment ?? null,
    application: e.application ?? null,
    targetType: e.target?.type ?? null,
    targetId: e.target?.id ?? null,
    correlationId: e.correlationId ?? null,
    details: e.details,
  };
  // The append lock is held until the caller's transaction ends: record the event as the last
  // statement of the transaction to keep that window short.
  const rows = await tx.$queryRaw<{ seq: bigint; prev_hash: string; hash: string }[]>(appendStatement(content));
  const row = rows[0];
  if (!row) throw new Error("audit append returned no row");
  const seq = BigInt(row.seq);
  // The database and verify must agree byte for byte; check it on every append.
  const expected = computeEventHash(row.prev_hash, { ...content, seq });
  if (expected !== row.hash) {
    throw new Error(`audit append #${seq}: database hash ${row.hash} differs from the canonical hash ${expected}`);
  }
  return { seq, id: content.id, hash: row.hash, occurredAt: content.occurredAt };
}

export type AuditEventContent = Omit<ChainedAuditEvent, "seq" | "prevHash" | "hash">;

/**
 * The append as one statement: take the append lock, read the head, insert the next event and
 * hash it in the database as sha256(prevHash ‖ canonical JSON), the JSON being built here around
 * the seq the database assigns. Returns seq, prev_hash, hash.
 */
export function appendStatement(content: AuditEventContent): Prisma.Sql {
  const { prefix, suffix } = canonicalEventParts(content);
  return Prisma.sql`
    WITH h AS (SELECT head_seq, head_hash FROM audit_chain_head_locked())
    INSERT INTO audit_event (seq, id, occurred_at, actor_id, actor_email, actor_role, actor_ip, user_agent,
      action, outcome, environment, application, target_type, target_id, correlation_id, details, prev_hash, hash)
    SELECT h.head_seq + 1, ${content.id}::uuid, ${content.occurredAt}, ${content.actorId}, ${content.actorEmail},
      ${content.actorRole}, ${content.actorIp}, ${content.userAgent}, ${content.action}, ${content.outcome},
      ${content.environment}, ${content.application}, ${content.targetType}, ${content.targetId},
      ${content.correlationId}, ${JSON.stringify(content.details)}::jsonb, h.head_hash,
      encode(sha256(convert_to(h.head_hash || ${prefix} || (h.head_seq + 1)::text || ${suffix}, 'UTF8')), 'hex')
    FROM h
    RETURNING seq, prev_hash, hash`;
}

export async function insertChained(tx: AuditTx, e: ChainedAuditEvent): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO audit_event (seq, id, occurred_at, actor_id, actor_email, actor_role, actor_ip, user_agent,
      action, outcome, environment, application, target_type, target_id, correlation_id, details, prev_hash, hash)
    VALUES (${e.seq}, ${e.id}::uuid, ${e.occurredAt}, ${e.actorId}, ${e.actorEmail}, ${e.actorRole}, ${e.actorIp},
      ${e.userAgent}, ${e.action}, ${e.outcome}, ${e.environment}, ${e.application}, ${e.targetType}, ${e.targetId},
      ${e.correlationId}, ${JSON.stringify(e.details)}::jsonb, ${e.prevHash}, ${e.hash})`;
}

/** The actor of a request: principal + role + client IP and user agent from the request context. */
export function actorFromRequest(
  principal: { id: string; email: string } | null,
  role: string | null,
  source: Request | Pick<Headers, "get">,
): AuditActor {
  const ctx = requestContext(source);
  return {
    id: principal?.id ?? null,
    email: principal?.email ?? null,
    role,
    ip: ctx.clientIp,
    userAgent: ctx.userAgent,
  };
}
