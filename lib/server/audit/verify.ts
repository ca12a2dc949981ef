import "server-only";
// Verify recomputes the chain from genesis (or from a trusted checkpoint) up to the head as it was
// when verification started, names the first event that does not match, and checks every
// checkpoint on the way: its hash must equal the recomputed head at its seq and its signature
// must verify. A checkpoint beyond the current head means events at the end were removed.
import {
  type ChainBreak,
  ChainVerifier,
  type CheckpointClaim,
  checkCheckpointSignature,
  EMPTY_HEAD,
  GENESIS_HASH,
  type SignatureCheck,
  signCheckpoint,
} from "@/lib/domain/audit-chain";
import { readHead, scanAuditEvents } from "./query";
import { type AuditActor, lockChainHead, recordAudit } from "./record";
import type { AuditDb, AuditTx } from "./types";

export type CheckpointDto = {
  id: string;
  seq: string;
  hash: string;
  createdAt: string;
  createdBy: string | null;
  signature: string | null;
};

export type CheckpointResult = CheckpointDto & {
  /** true: the recomputed chain reaches this hash; false: it does not; null: not reached (verify started later). */
  matches: boolean | null;
  signature: string | null;
  signatureCheck: SignatureCheck;
};

export type VerifyResult = {
  ok: boolean;
  checked: number;
  fromSeq: string;
  headSeq: string;
  headHash: string;
  firstBreak: ChainBreak | null;
  checkpoints: CheckpointResult[];
  durationMs: number;
};

type CheckpointRow = {
  id: string;
  seq: bigint;
  hash: string;
  created_at: Date;
  created_by: string | null;
  signature: string | null;
};

export async function listCheckpoints(db: AuditTx): Promise<CheckpointDto[]> {
  return (await checkpointRows(db)).map(checkpointDto);
}

async function checkpointRows(db: AuditTx): Promise<CheckpointRow[]> {
  return db.$queryRaw<CheckpointRow[]>`
    SELECT id::text AS id, seq, hash, created_at, created_by, signature FROM audit_checkpoint
    ORDER BY seq ASC, created_at ASC`;
}

function checkpointDto(r: CheckpointRow): CheckpointDto {
  return {
    id: r.id,
    seq: BigInt(r.seq).toString(),
    hash: r.hash,
    createdAt: r.created_at.toISOString(),
    createdBy: r.created_by,
    signature: r.signature,
  };
}

const claimOf = (r: CheckpointRow): CheckpointClaim => ({ seq: BigInt(r.seq), hash: r.hash, createdAt: r.created_at });

export class UntrustedCheckpointError extends Error {
  override name = "UntrustedCheckpointError";
}

export async function verifyAuditChain(
  db: AuditTx,
  /** fromCheckpointId: a checkpoint id, or "latest-signed" for the newest validly signed one. */
  opts: { signingKey?: string; fromCheckpointId?: string; batchSize?: number } = {},
): Promise<VerifyResult> {
  const started = performance.now();
  const head = await readHead(db);
  const rows = await checkpointRows(db);
  let anchor = EMPTY_HEAD;
  if (opts.fromCheckpointId === "latest-signed") {
    // The newest checkpoint whose signature verifies with our key: "nothing before it changed"
    // was proven when it was made, so only the events after it need re-hashing.
    const trusted = [...rows]
      .reverse()
      .find((r) => checkCheckpointSignature(claimOf(r), r.signature, opts.signingKey) === "valid");
    if (!trusted) {
      throw new UntrustedCheckpointError(
        opts.signingKey
          ? "there is no signed checkpoint to start from (create one, or verify from genesis)"
          : "AUDIT_SIGNING_KEY is not set, so no checkpoint can be trusted (verify from genesis)",
      );
    }
    anchor = { seq: BigInt(trusted.seq), hash: trusted.hash };
  } else if (opts.fromCheckpointId) {
    const cp = rows.find((r) => r.id === opts.fromCheckpointId);
    if (!cp) throw new UntrustedCheckpointError(`checkpoint ${opts.fromCheckpointId} does not exist`);
    const sig = checkCheckpointSignature(claimOf(cp), cp.signature, opts.signingKey);
    if (sig !== "valid") {
      throw new UntrustedCheckpointError(
        `checkpoint ${cp.id} cannot anchor verification: its signature is ${sig.replace("_", " ")} (verify from genesis instead)`,
      );
    }
    anchor = { seq: BigInt(cp.seq), hash: cp.hash };
  }

  const verifier = new ChainVerifier(anchor);
  const results = new Map<string, boolean | null>(rows.map((r) => [r.id, null]));
  const pending = rows.filter((r) => BigInt(r.seq) > anchor.seq);
  let next = 0;
  const checkDue = () => {
    while (next < pending.length && BigInt(pending[next]!.seq) <= verifier.head.seq) {
      const cp = pending[next]!;
      if (BigInt(cp.seq) === verifier.head.seq && !verifier.firstBreak) {
        results.set(cp.id, verifier.checkCheckpoint(BigInt(cp.seq), cp.hash, cp.id) === null);
      }
      next++;
    }
  };
  for (const cp of rows) {
    if (BigInt(cp.seq) === 0n) results.set(cp.id, cp.hash === GENESIS_HASH);
    else if (BigInt(cp.seq) === anchor.seq) results.set(cp.id, cp.hash === anchor.hash);
  }

  outer: for await (const batch of scanAuditEvents(db, {
    afterSeq: anchor.seq,
    upToSeq: head.seq,
    batchSize: opts.batchSize ?? 5000,
  })) {
    for (const e of batch) {
      if (verifier.push(e)) break outer;
      checkDue();
      if (verifier.firstBreak) break outer;
    }
  }
  let firstBreak = verifier.firstBreak;
  if (!firstBreak && verifier.head.seq < head.seq) {
    // Rows stopped early: the last rows are missing between the verified head and the real head.
    firstBreak = {
      seq: (verifier.head.seq + 1n).toString(),
      eventId: null,
      reason: "seq_gap",
      expected: (verifier.head.seq + 1n).toString(),
      actual: "none",
      message: `event #${verifier.head.seq + 1n} is missing`,
    };
  }
  if (!firstBreak) {
    const beyond = pending.find((cp) => BigInt(cp.seq) > head.seq);
    if (beyond) {
      firstBreak = {
        seq: (head.seq + 1n).toString(),
        eventId: null,
        reason: "seq_gap",
        expected: BigInt(beyond.seq).toString(),
        actual: head.seq.toString(),
        message: `checkpoint ${beyond.id} covers events up to #${beyond.seq} but the log ends at #${head.seq}: events after #${head.seq} were removed`,
      };
      results.set(beyond.id, false);
    }
  }

  const checkpoints: CheckpointResult[] = rows.map((r) => ({
    ...checkpointDto(r),
    matches: results.get(r.id) ?? null,
    signatureCheck: checkCheckpointSignature(claimOf(r), r.signature, opts.signingKey),
  }));
  const badSignature = checkpoints.some((c) => c.signatureCheck === "invalid");
  const mismatch = checkpoints.some((c) => c.matches === false);
  return {
    ok: !firstBreak && !badSignature && !mismatch,
    checked: verifier.checked,
    fromSeq: anchor.seq.toString(),
    headSeq: verifier.head.seq.toString(),
    headHash: verifier.head.hash,
    firstBreak,
    checkpoints,
    durationMs: Math.round(performance.now() - started),
  };
}

/** Verifies and records the verification itself as an audit event (outcome = the verdict). */
export async function verifyAndRecord(
  db: AuditDb,
  actor: AuditActor,
  opts: { signingKey?: string; fromCheckpointId?: string; correlationId?: string } = {},
): Promise<VerifyResult> {
  const result = await verifyAuditChain(db, opts);
  await db.$transaction(async (tx) => {
    await recordAudit(tx, {
      action: "audit.verified",
      outcome: result.ok ? "success" : "failure",
      actor,
      target: { type: "audit", id: "chain" },
      correlationId: opts.correlationId,
      details: {
        checked: result.checked,
        fromSeq: result.fromSeq,
        headSeq: result.headSeq,
        firstBreak: result.firstBreak
          ? { seq: result.firstBreak.seq, reason: result.firstBreak.reason, message: result.firstBreak.message }
          : null,
        invalidSignatures: result.checkpoints.filter((c) => c.signatureCheck === "invalid").map((c) => c.id),
      },
    });
  });
  return result;
}

/**
 * Records the current head as a checkpoint (signed when a key is given) and audits it, in one
 * transaction under the append lock, so the checkpoint names exactly the head at that moment.
 */
export async function createCheckpoint(
  db: AuditDb,
  actor: AuditActor,
  opts: { signingKey?: string; correlationId?: string } = {},
): Promise<CheckpointDto> {
  return db.$transaction(async (tx) => {
    const head = await lockChainHead(tx);
    const createdAt = new Date();
    const claim = { seq: head.seq, hash: head.hash, createdAt };
    const signature = opts.signingKey ? signCheckpoint(claim, opts.signingKey) : null;
    const id = crypto.randomUUID();
    await tx.$executeRaw`
      INSERT INTO audit_checkpoint (id, seq, hash, created_at, created_by, signature)
      VALUES (${id}::uuid, ${head.seq}, ${head.hash}, ${createdAt}, ${actor.email ?? actor.id}, ${signature})`;
    await recordAudit(tx, {
      action: "audit.checkpoint_created",
      actor,
      target: { type: "audit", id },
      correlationId: opts.correlationId,
      details: { checkpointId: id, seq: head.seq.toString(), hash: head.hash, signed: signature !== null },
    });
    return {
      id,
      seq: head.seq.toString(),
      hash: head.hash,
      createdAt: createdAt.toISOString(),
      createdBy: actor.email ?? actor.id,
      signature,
    };
  });
}
