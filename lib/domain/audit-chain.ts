// The audit hash chain, pure: canonical JSON, the event hash, checkpoint signatures, and a
// streaming verifier that names the first broken link. No I/O; lib/server/audit feeds it rows.
//
//   hash(n) = sha256( utf8(hash(n-1)) ‖ utf8(canonicalJson(event n)) )     hash(0) = GENESIS_HASH
//
// The canonical form covers every stored column except the hashes themselves, including seq,
// so moving an event to another position (reordering) breaks its own hash as well as the links.
import { createHash, createHmac, createPrivateKey, createPublicKey, sign, timingSafeEqual, verify } from "node:crypto";

export const GENESIS_HASH = "0".repeat(64);
export const CHAIN_VERSION = 1;

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** The hashed content of one event (everything but prevHash/hash). */
export type AuditEventContent = {
  seq: bigint;
  id: string;
  occurredAt: Date;
  actorId: string | null;
  actorEmail: string | null;
  actorRole: string | null;
  actorIp: string | null;
  userAgent: string | null;
  action: string;
  outcome: string;
  environment: string | null;
  application: string | null;
  targetType: string | null;
  targetId: string | null;
  correlationId: string | null;
  details: JsonValue;
};

export type ChainedAuditEvent = AuditEventContent & { prevHash: string; hash: string };

export class CanonicalJsonError extends Error {
  override name = "CanonicalJsonError";
}

/**
 * RFC 8785-style canonical JSON for plain JSON values: object keys sorted by UTF-16 code units,
 * no whitespace, numbers as JavaScript prints them. Refuses anything JSON cannot round-trip
 * through PostgreSQL jsonb unchanged (non-finite numbers, NUL characters, lone surrogates,
 * undefined, functions, class instances), so a stored event always re-hashes to the same value.
 */
export function canonicalJson(value: unknown, path = "$"): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "boolean":
      return value ? "true" : "false";
    case "number":
      if (!Number.isFinite(value)) throw new CanonicalJsonError(`${path}: ${value} is not a finite number`);
      return JSON.stringify(value);
    case "string":
      assertStorableString(value, path);
      return JSON.stringify(value);
    case "object": {
      if (Array.isArray(value)) return `[${value.map((v, i) => canonicalJson(v, `${path}[${i}]`)).join(",")}]`;
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) {
        throw new CanonicalJsonError(`${path}: ${proto?.constructor?.name ?? "object"} is not a plain JSON object`);
      }
      const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      const parts: string[] = [];
      for (const [k, v] of entries) {
        assertStorableString(k, `${path} key`);
        parts.push(`${JSON.stringify(k)}:${canonicalJson(v, `${path}.${k}`)}`);
      }
      return `{${parts.join(",")}}`;
    }
    default:
      throw new CanonicalJsonError(`${path}: ${typeof value} is not a JSON value`);
  }
}

// PostgreSQL text/jsonb cannot hold U+0000 and jsonb rejects unpaired surrogates.
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly what we reject
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function assertStorableString(s: string, path: string) {
  if (UNSTORABLE.test(s)) {
    throw new CanonicalJsonError(`${path}: contains a NUL character or an unpaired surrogate`);
  }
}

/** True when `s` can be stored in a PostgreSQL text column and hashed canonically. */
export function isStorableString(s: string): boolean {
  return !UNSTORABLE.test(s);
}

/** The canonical JSON of an event's hashed content. */
export function canonicalEvent(e: AuditEventContent): string {
  return canonicalJson({
    v: CHAIN_VERSION,
    seq: e.seq.toString(),
    id: e.id,
    occurredAt: e.occurredAt.toISOString(),
    actor: { id: e.actorId, email: e.actorEmail, role: e.actorRole, ip: e.actorIp, userAgent: e.userAgent },
    action: e.action,
    outcome: e.outcome,
    environment: e.environment,
    application: e.application,
    target: { type: e.targetType, id: e.targetId },
    correlationId: e.correlationId,
    details: e.details,
  });
}

/**
 * The canonical JSON of an event split around its seq value: canonicalEvent(e) ===
 * prefix + e.seq + suffix. Lets the database hash an event whose seq it assigns under the append
 * lock (sha256(prevHash ‖ prefix ‖ seq ‖ suffix)) with exactly the bytes verify recomputes.
 */
export function canonicalEventParts(e: Omit<AuditEventContent, "seq">): { prefix: string; suffix: string } {
  const text = canonicalEvent({ ...e, seq: 0n });
  // Top-level keys sort as …, outcome, seq, target, v; target and v cannot contain "seq", and any
  // "seq" inside details comes earlier, so the top-level one is the last occurrence.
  const marker = '"seq":"0"';
  const at = text.lastIndexOf(marker);
  return { prefix: text.slice(0, at + marker.length - 2), suffix: text.slice(at + marker.length - 1) };
}

export function sha256Hex(data: string): string {
  return createHash("sha256").update(data, "utf8").digest("hex");
}

/** sha256(prevHash ‖ canonical JSON of the event), hex. */
export function computeEventHash(prevHash: string, e: AuditEventContent): string {
  return createHash("sha256").update(prevHash, "utf8").update(canonicalEvent(e), "utf8").digest("hex");
}

/** Links `content` after the chain head: returns the stored form with prevHash and hash. */
export function chainEvent(head: ChainHead, content: Omit<AuditEventContent, "seq">): ChainedAuditEvent {
  const full: AuditEventContent = { ...content, seq: head.seq + 1n };
  return { ...full, prevHash: head.hash, hash: computeEventHash(head.hash, full) };
}

export type ChainHead = { seq: bigint; hash: string };
export const EMPTY_HEAD: ChainHead = { seq: 0n, hash: GENESIS_HASH };

export type ChainBreakReason = "seq_gap" | "prev_hash_mismatch" | "hash_mismatch" | "checkpoint_mismatch";

export type ChainBreak = {
  /** The event at which the chain stops matching (for seq_gap: the seq that was expected). */
  seq: string;
  /** The stored event found at that place, when there is one. */
  eventId: string | null;
  reason: ChainBreakReason;
  expected: string;
  actual: string;
  message: string;
};

/**
 * Streaming verifier: push events in seq order; the first push that does not extend the chain
 * returns the break (and every later push returns the same break). Memory is O(1).
 */
export class ChainVerifier {
  private headValue: ChainHead;
  private broken: ChainBreak | null = null;
  private countValue = 0;

  constructor(anchor: ChainHead = EMPTY_HEAD) {
    this.headValue = { ...anchor };
  }

  get head(): ChainHead {
    return { ...this.headValue };
  }
  get checked(): number {
    return this.countValue;
  }
  get firstBreak(): ChainBreak | null {
    return this.broken;
  }

  push(e: ChainedAuditEvent): ChainBreak | null {
    if (this.broken) return this.broken;
    const expectedSeq = this.headValue.seq + 1n;
    if (e.seq !== expectedSeq) {
      const missing = e.seq > expectedSeq;
      return this.fail({
        seq: expectedSeq.toString(),
        eventId: missing ? null : e.id,
        reason: "seq_gap",
        expected: expectedSeq.toString(),
        actual: e.seq.toString(),
        message: missing
          ? `event #${expectedSeq} is missing: the next stored event is #${e.seq} (deleted events?)`
          : `event #${e.seq} appears where #${expectedSeq} was expected (duplicated or reordered events?)`,
      });
    }
    if (e.prevHash !== this.headValue.hash) {
      return this.fail({
        seq: e.seq.toString(),
        eventId: e.id,
        reason: "prev_hash_mismatch",
        expected: this.headValue.hash,
        actual: e.prevHash,
        message: `event #${e.seq} does not link to event #${this.headValue.seq}: its previous hash differs (event #${this.headValue.seq} or #${e.seq} was altered, or events were reordered)`,
      });
    }
    let recomputed: string;
    try {
      recomputed = computeEventHash(e.prevHash, e);
    } catch (err) {
      recomputed = `unhashable: ${(err as Error).message}`;
    }
    if (recomputed !== e.hash) {
      return this.fail({
        seq: e.seq.toString(),
        eventId: e.id,
        reason: "hash_mismatch",
        expected: recomputed,
        actual: e.hash,
        message: `event #${e.seq} was altered: its content no longer hashes to its stored hash`,
      });
    }
    this.headValue = { seq: e.seq, hash: e.hash };
    this.countValue++;
    return null;
  }

  /** A checkpoint claims the head hash at its seq; call after the event at that seq was pushed. */
  checkCheckpoint(seq: bigint, hash: string, checkpointId: string): ChainBreak | null {
    if (this.broken) return this.broken;
    if (this.headValue.seq !== seq)
      throw new Error(`checkCheckpoint at #${seq} while the head is #${this.headValue.seq}`);
    if (this.headValue.hash === hash) return null;
    return this.fail({
      seq: seq.toString(),
      eventId: null,
      reason: "checkpoint_mismatch",
      expected: hash,
      actual: this.headValue.hash,
      message: `the chain up to event #${seq} no longer matches checkpoint ${checkpointId}: something at or before #${seq} changed`,
    });
  }

  private fail(b: ChainBreak): ChainBreak {
    this.broken = b;
    return b;
  }
}

// ---------------------------------------------------------------------------------------------
// Checkpoints: the head hash at a time, optionally signed with AUDIT_SIGNING_KEY.
//   - an Ed25519 private key in PEM → "ed25519:<base64>" (anyone with the public key can verify)
//   - any other string → "hmac-sha256:<hex>" (verifiable by whoever holds the same secret)

export type CheckpointClaim = { seq: bigint; hash: string; createdAt: Date };

export function checkpointPayload(c: CheckpointClaim): string {
  return `nura-audit-checkpoint:v${CHAIN_VERSION}:${c.seq}:${c.hash}:${c.createdAt.toISOString()}`;
}

function isPem(key: string) {
  return key.includes("-----BEGIN");
}

export function signCheckpoint(c: CheckpointClaim, key: string): string {
  const payload = checkpointPayload(c);
  if (isPem(key)) {
    const pk = createPrivateKey(key);
    if (pk.asymmetricKeyType !== "ed25519") throw new Error("AUDIT_SIGNING_KEY: only Ed25519 PEM keys are supported");
    return `ed25519:${sign(null, Buffer.from(payload), pk).toString("base64")}`;
  }
  return `hmac-sha256:${createHmac("sha256", key).update(payload).digest("hex")}`;
}

export type SignatureCheck = "valid" | "invalid" | "unsigned" | "no_key";

/** Checks a checkpoint signature with the signing key (HMAC or Ed25519 private key) or an Ed25519 public key. */
export function checkCheckpointSignature(
  c: CheckpointClaim,
  signature: string | null,
  key: string | undefined,
): SignatureCheck {
  if (!signature) return "unsigned";
  if (!key) return "no_key";
  const payload = checkpointPayload(c);
  const [scheme, value = ""] = splitOnce(signature, ":");
  if (scheme === "ed25519") {
    if (!isPem(key)) return "invalid";
    try {
      const pub = createPublicKey(key);
      return verify(null, Buffer.from(payload), pub, Buffer.from(value, "base64")) ? "valid" : "invalid";
    } catch {
      return "invalid";
    }
  }
  if (scheme === "hmac-sha256") {
    if (isPem(key)) return "invalid";
    const expected = Buffer.from(createHmac("sha256", key).update(payload).digest("hex"));
    const actual = Buffer.from(value);
    return expected.length === actual.length && timingSafeEqual(expected, actual) ? "valid" : "invalid";
  }
  return "invalid";
}

function splitOnce(s: string, sep: string): [string, string?] {
  const i = s.indexOf(sep);
  return i < 0 ? [s] : [s.slice(0, i), s.slice(i + 1)];
}
