import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  type AuditEventContent,
  CanonicalJsonError,
  type ChainedAuditEvent,
  ChainVerifier,
  canonicalEvent,
  canonicalEventParts,
  canonicalJson,
  chainEvent,
  checkCheckpointSignature,
  computeEventHash,
  EMPTY_HEAD,
  GENESIS_HASH,
  isStorableString,
  type JsonValue,
  sha256Hex,
  signCheckpoint,
} from "./audit-chain";

function content(i: number, over: Partial<AuditEventContent> = {}): Omit<AuditEventContent, "seq"> {
  return {
    id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
    occurredAt: new Date(Date.UTC(2026, 10, 26, 12, 0, i)),
    actorId: "u1",
    actorEmail: "ana@nura.example",
    actorRole: "approver",
    actorIp: "10.0.0.1",
    userAgent: "vitest",
    action: "promotion.approved",
    outcome: "success",
    environment: "prod",
    application: "nura-core",
    targetType: "promotion",
    targetId: `p-${i}`,
    correlationId: `c-${i}`,
    details: { commitSha: `sha${i}`, n: i },
    ...over,
  };
}

function buildChain(n: number): ChainedAuditEvent[] {
  const out: ChainedAuditEvent[] = [];
  let head = EMPTY_HEAD;
  for (let i = 1; i <= n; i++) {
    const e = chainEvent(head, content(i));
    out.push(e);
    head = { seq: e.seq, hash: e.hash };
  }
  return out;
}

function verifyAll(events: ChainedAuditEvent[]) {
  const v = new ChainVerifier();
  for (const e of events) if (v.push(e)) break;
  return v;
}

describe("canonicalJson", () => {
  it("sorts keys at every depth and drops whitespace", () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: true, y: null }], c: "x" } })).toBe(
      '{"a":{"c":"x","d":[1,{"y":null,"z":true}]},"b":1}',
    );
  });

  it("is independent of key insertion order (jsonb reorders keys)", () => {
    expect(canonicalJson({ x: 1, y: 2 })).toBe(canonicalJson({ y: 2, x: 1 }));
  });

  it("sorts keys by UTF-16 code units, not locale", () => {
    expect(canonicalJson({ é: 1, z: 2, Z: 3 })).toBe('{"Z":3,"z":2,"é":1}');
  });

  it("prints numbers the way JSON.parse reads them back", () => {
    expect(canonicalJson([-0, 1.5, 1e21, 100])).toBe("[0,1.5,1e+21,100]");
    for (const n of [0.1, 123456789.123, 2 ** 60]) {
      expect(canonicalJson(JSON.parse(canonicalJson(n)))).toBe(canonicalJson(n));
    }
  });

  it("refuses values that cannot round-trip through jsonb", () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(/\$\.a: NaN is not a finite number/);
    expect(() => canonicalJson({ a: Number.POSITIVE_INFINITY })).toThrow(CanonicalJsonError);
    expect(() => canonicalJson({ a: "x\u0000y" })).toThrow(/NUL/);
    expect(() => canonicalJson({ a: "\ud800" })).toThrow(/surrogate/);
    expect(() => canonicalJson({ a: undefined })).toThrow(/undefined is not a JSON value/);
    expect(() => canonicalJson({ a: new Date(0) })).toThrow(/Date is not a plain JSON object/);
    expect(() => canonicalJson({ a: 1n })).toThrow(/bigint/);
  });

  it("accepts paired surrogates (emoji)", () => {
    expect(canonicalJson("🚀")).toBe('"🚀"');
    expect(isStorableString("ok 🚀")).toBe(true);
    expect(isStorableString("\udc00")).toBe(false);
  });
});

describe("event hash", () => {
  it("is sha256(prevHash ‖ canonical JSON)", () => {
    const e = { ...content(1), seq: 1n };
    expect(computeEventHash(GENESIS_HASH, e)).toBe(sha256Hex(GENESIS_HASH + canonicalEvent(e)));
  });

  it("covers seq, time, actor, target and details", () => {
    const base = { ...content(1), seq: 1n };
    const h = computeEventHash(GENESIS_HASH, base);
    const variants: Partial<AuditEventContent>[] = [
      { seq: 2n },
      { occurredAt: new Date(base.occurredAt.getTime() + 1) },
      { actorEmail: "eve@nura.example" },
      { actorIp: null },
      { outcome: "failure" },
      { targetId: "other" },
      { details: { commitSha: "sha1", n: 2 } },
    ];
    for (const v of variants) expect(computeEventHash(GENESIS_HASH, { ...base, ...v })).not.toBe(h);
    expect(computeEventHash("f".repeat(64), base)).not.toBe(h);
  });

  it("distinguishes null from the string 'null'", () => {
    const base = { ...content(1), seq: 1n };
    expect(computeEventHash(GENESIS_HASH, { ...base, environment: null })).not.toBe(
      computeEventHash(GENESIS_HASH, { ...base, environment: "null" }),
    );
  });

  it("splits the canonical form around seq, even when details hold a seq key", () => {
    const cases: JsonValue[] = [{}, { seq: "0" }, { seq: "0", nested: { seq: "0" } }, { a: '"seq":"0"' }];
    for (const details of cases) {
      const c = content(3, { details });
      const { prefix, suffix } = canonicalEventParts(c);
      for (const seq of [1n, 42n, 9007199254740993n]) {
        expect(prefix + seq + suffix).toBe(canonicalEvent({ ...c, seq }));
      }
    }
  });

  it("chainEvent numbers events from the head and links them", () => {
    const [a, b] = buildChain(2);
    expect(a!.seq).toBe(1n);
    expect(a!.prevHash).toBe(GENESIS_HASH);
    expect(b!.seq).toBe(2n);
    expect(b!.prevHash).toBe(a!.hash);
  });
});

describe("ChainVerifier", () => {
  it("accepts an intact chain and reports its head", () => {
    const chain = buildChain(20);
    const v = verifyAll(chain);
    expect(v.firstBreak).toBeNull();
    expect(v.checked).toBe(20);
    expect(v.head).toEqual({ seq: 20n, hash: chain[19]!.hash });
  });

  it("names the altered event when its content changed", () => {
    const chain = buildChain(10);
    chain[4] = { ...chain[4]!, details: { commitSha: "forged", n: 5 } };
    const b = verifyAll(chain).firstBreak;
    expect(b).toMatchObject({ seq: "5", reason: "hash_mismatch", eventId: chain[4]!.id });
    expect(b!.message).toContain("#5 was altered");
  });

  it("names the next link when an event was altered and re-hashed", () => {
    const chain = buildChain(10);
    const forged = { ...chain[4]!, outcome: "failure" };
    chain[4] = { ...forged, hash: computeEventHash(forged.prevHash, forged) };
    expect(verifyAll(chain).firstBreak).toMatchObject({ seq: "6", reason: "prev_hash_mismatch" });
  });

  it("names the missing seq when an event was deleted", () => {
    const chain = buildChain(10);
    chain.splice(6, 1);
    expect(verifyAll(chain).firstBreak).toMatchObject({ seq: "7", reason: "seq_gap", actual: "8", eventId: null });
  });

  it("detects two events swapped in place (seq numbers swapped)", () => {
    const chain = buildChain(10);
    const a = chain[2]!;
    const b = chain[3]!;
    chain[2] = { ...b, seq: a.seq };
    chain[3] = { ...a, seq: b.seq };
    expect(verifyAll(chain).firstBreak).toMatchObject({ seq: "3", reason: "prev_hash_mismatch", eventId: b.id });
  });

  it("detects events delivered out of order", () => {
    const chain = buildChain(5);
    [chain[1], chain[2]] = [chain[2]!, chain[1]!];
    expect(verifyAll(chain).firstBreak).toMatchObject({ seq: "2", reason: "seq_gap", actual: "3" });
  });

  it("keeps the first break once broken", () => {
    const chain = buildChain(6);
    chain[1] = { ...chain[1]!, hash: "0".repeat(64) };
    chain[4] = { ...chain[4]!, action: "x" };
    const v = new ChainVerifier();
    for (const e of chain) v.push(e);
    expect(v.firstBreak!.seq).toBe("2");
  });

  it("starts from an anchor (a checkpoint) instead of genesis", () => {
    const chain = buildChain(8);
    const anchor = { seq: chain[4]!.seq, hash: chain[4]!.hash };
    const v = new ChainVerifier(anchor);
    for (const e of chain.slice(5)) expect(v.push(e)).toBeNull();
    const wrong = new ChainVerifier({ seq: 5n, hash: "a".repeat(64) });
    expect(wrong.push(chain[5]!)).toMatchObject({ reason: "prev_hash_mismatch", seq: "6" });
  });

  it("compares a checkpoint with the recomputed head", () => {
    const chain = buildChain(4);
    const v = new ChainVerifier();
    v.push(chain[0]!);
    v.push(chain[1]!);
    expect(v.checkCheckpoint(2n, chain[1]!.hash, "cp1")).toBeNull();
    expect(v.checkCheckpoint(2n, "b".repeat(64), "cp2")).toMatchObject({ reason: "checkpoint_mismatch", seq: "2" });
  });
});

describe("checkpoint signatures", () => {
  const claim = { seq: 42n, hash: "c".repeat(64), createdAt: new Date("2026-11-26T00:00:00Z") };

  it("HMAC: valid with the same secret, invalid with another or when the claim changes", () => {
    const sig = signCheckpoint(claim, "secret-one");
    expect(sig).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
    expect(checkCheckpointSignature(claim, sig, "secret-one")).toBe("valid");
    expect(checkCheckpointSignature(claim, sig, "secret-two")).toBe("invalid");
    expect(checkCheckpointSignature({ ...claim, seq: 43n }, sig, "secret-one")).toBe("invalid");
    expect(checkCheckpointSignature(claim, sig, undefined)).toBe("no_key");
    expect(checkCheckpointSignature(claim, null, "secret-one")).toBe("unsigned");
  });

  it("Ed25519: signed with the private key, verifiable with the public key", () => {
    const { privateKey, publicKey } = generateKeyPairSync("ed25519");
    const priv = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const pub = publicKey.export({ type: "spki", format: "pem" }).toString();
    const sig = signCheckpoint(claim, priv);
    expect(sig).toMatch(/^ed25519:/);
    expect(checkCheckpointSignature(claim, sig, pub)).toBe("valid");
    expect(checkCheckpointSignature(claim, sig, priv)).toBe("valid");
    expect(checkCheckpointSignature({ ...claim, hash: "d".repeat(64) }, sig, pub)).toBe("invalid");
    expect(checkCheckpointSignature(claim, "rot13:abc", pub)).toBe("invalid");
  });
});
