// Known-answer test of the audit hash chain. The canonical strings and hashes below are written down, not
// computed by the code under test: they were derived by hand from the format in audit-chain.ts's header and
// hashed independently (Python: hashlib.sha256((prev_hash + canonical).encode()).hexdigest()). Stored
// chains and archives were hashed this way, so if this test fails, the canonical form changed and every
// existing chain would fail verification: bump CHAIN_VERSION and migrate instead of editing these values.
import { describe, expect, it } from "vitest";
import {
  type AuditEventContent,
  CHAIN_VERSION,
  canonicalEvent,
  canonicalEventParts,
  chainEvent,
  computeEventHash,
  EMPTY_HEAD,
  GENESIS_HASH,
} from "./audit-chain";

const first: AuditEventContent = {
  seq: 1n,
  id: "0b8f0a5c-3c7e-4d2a-9c1b-7d4e5f6a7b8c",
  occurredAt: new Date("2026-12-01T09:30:00.123Z"),
  actorId: "u-approver",
  actorEmail: "approver@nura.local",
  actorRole: "approver",
  actorIp: "203.0.113.7",
  userAgent: "Mozilla/5.0",
  action: "argocd.sync",
  outcome: "success",
  environment: "staging",
  application: "nura-core",
  targetType: "argocd_application",
  targetId: "nura-core-staging",
  correlationId: "5f0c2a3e-9b1d-4c1e-8a77-0e6f1b2c3d4e",
  // Unsorted keys, non-ASCII text, a negative zero and a nested object: the canonical form's edge cases.
  details: { z: [1, 2.5, -0, null, { b: true, a: "x" }], résumé: "naïve ☃", prune: false, confirm: true },
};
const FIRST_CANONICAL =
  '{"action":"argocd.sync","actor":{"email":"approver@nura.local","id":"u-approver","ip":"203.0.113.7",' +
  '"role":"approver","userAgent":"Mozilla/5.0"},"application":"nura-core",' +
  '"correlationId":"5f0c2a3e-9b1d-4c1e-8a77-0e6f1b2c3d4e","details":{"confirm":true,"prune":false,' +
  '"résumé":"naïve ☃","z":[1,2.5,0,null,{"a":"x","b":true}]},"environment":"staging",' +
  '"id":"0b8f0a5c-3c7e-4d2a-9c1b-7d4e5f6a7b8c","occurredAt":"2026-12-01T09:30:00.123Z","outcome":"success",' +
  '"seq":"1","target":{"id":"nura-core-staging","type":"argocd_application"},"v":1}';
const FIRST_HASH = "9839f92541bd2f4c1d041fa5e899c06b52ebadca7e437fe19e032667c857ad8d";

const second: AuditEventContent = {
  seq: 2n,
  id: "e2",
  occurredAt: new Date("2026-12-01T09:30:01Z"),
  actorId: null,
  actorEmail: null,
  actorRole: null,
  actorIp: null,
  userAgent: null,
  action: "audit.verified",
  outcome: "success",
  environment: null,
  application: null,
  targetType: null,
  targetId: null,
  correlationId: null,
  details: {},
};
const SECOND_CANONICAL =
  '{"action":"audit.verified","actor":{"email":null,"id":null,"ip":null,"role":null,"userAgent":null},' +
  '"application":null,"correlationId":null,"details":{},"environment":null,"id":"e2",' +
  '"occurredAt":"2026-12-01T09:30:01.000Z","outcome":"success","seq":"2","target":{"id":null,"type":null},"v":1}';
const SECOND_HASH = "1eef7579b56ea8b75f6813f9f2a5af79eb7209a50c7d46a9e9ed105095c7aa88";

describe("audit chain known answers (chain version 1)", () => {
  it("is version 1 with a genesis hash of 64 zeros", () => {
    expect(CHAIN_VERSION).toBe(1);
    expect(GENESIS_HASH).toBe("0000000000000000000000000000000000000000000000000000000000000000");
  });

  it("writes the documented canonical form", () => {
    expect(canonicalEvent(first)).toBe(FIRST_CANONICAL);
    expect(canonicalEvent(second)).toBe(SECOND_CANONICAL);
  });

  it("hashes a fixed two-event chain to the recorded values", () => {
    expect(computeEventHash(GENESIS_HASH, first)).toBe(FIRST_HASH);
    expect(computeEventHash(FIRST_HASH, second)).toBe(SECOND_HASH);
    const { seq: _s1, ...c1 } = first;
    const e1 = chainEvent(EMPTY_HEAD, c1);
    expect(e1).toMatchObject({ seq: 1n, prevHash: GENESIS_HASH, hash: FIRST_HASH });
    const { seq: _s2, ...c2 } = second;
    expect(chainEvent({ seq: 1n, hash: FIRST_HASH }, c2)).toMatchObject({ seq: 2n, hash: SECOND_HASH });
  });

  it("splits the canonical form around seq exactly as the database reassembles it", () => {
    const { seq: _s, ...content } = first;
    const { prefix, suffix } = canonicalEventParts(content);
    expect(`${prefix}1${suffix}`).toBe(FIRST_CANONICAL);
  });
});
