import "server-only";
// Retention: copies events older than N days (after the previous archive) to an NDJSON file with
// their chain hashes, anchored on the hash they continue from and closed by a (signed) checkpoint
// at the last archived event. The archive is itself an audit event. Nothing is deleted: the
// database refuses deletes, and pruning archived rows is a DBA decision made with the file's
// sha256 and checkpoint in hand (see docs in scripts/audit/archive.ts).
import { createHash } from "node:crypto";
import { once } from "node:events";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import { createInterface } from "node:readline";
import {
  type ChainBreak,
  type ChainedAuditEvent,
  ChainVerifier,
  checkCheckpointSignature,
  GENESIS_HASH,
  type SignatureCheck,
  signCheckpoint,
} from "@/lib/domain/audit-chain";
import { getAuditEvent, scanAuditEvents, toDto } from "./query";
import { type AuditActor, recordAudit } from "./record";
import type { AuditDb } from "./types";

export const ARCHIVE_FORMAT = "nura-audit-archive";

export type ArchiveHeader = {
  type: "header";
  format: typeof ARCHIVE_FORMAT;
  version: 1;
  createdAt: string;
  olderThanDays: number;
  cutoff: string;
  fromSeq: string;
  toSeq: string;
  /** The hash the first archived event continues from (genesis or the previous archive's last). */
  anchor: { seq: string; hash: string };
  /** The checkpoint the archive hangs from: the chain head at toSeq. */
  checkpoint: { id: string; seq: string; hash: string; createdAt: string; signature: string | null };
};

export type ArchiveResult = {
  file: string;
  fileSha256: string;
  fromSeq: string;
  toSeq: string;
  count: number;
  checkpointId: string;
};

export class ArchiveIntegrityError extends Error {
  override name = "ArchiveIntegrityError";
  constructor(readonly chainBreak: ChainBreak) {
    super(`refusing to archive a broken chain: ${chainBreak.message}`);
  }
}

export async function archiveAuditEvents(
  db: AuditDb,
  opts: { olderThanDays: number; dir: string; actor: AuditActor; signingKey?: string; now?: Date },
): Promise<ArchiveResult | null> {
  if (!Number.isInteger(opts.olderThanDays) || opts.olderThanDays < 1) {
    throw new RangeError(`olderThanDays must be a whole number of days ≥ 1 (got ${opts.olderThanDays})`);
  }
  const now = opts.now ?? new Date();
  const cutoff = new Date(now.getTime() - opts.olderThanDays * 86_400_000);

  const last = await db.$queryRaw<{ to_seq: string | null }[]>`
    SELECT details->>'toSeq' AS to_seq FROM audit_event
    WHERE action = 'audit.archived' AND outcome = 'success' ORDER BY seq DESC LIMIT 1`;
  const prevTo = last[0]?.to_seq ? BigInt(last[0].to_seq) : 0n;
  const newest = await db.$queryRaw<{ seq: bigint }[]>`
    SELECT seq FROM audit_event WHERE occurred_at < ${cutoff} ORDER BY occurred_at DESC, seq DESC LIMIT 1`;
  const toSeq = newest[0] ? BigInt(newest[0].seq) : 0n;
  if (toSeq <= prevTo) return null;

  const anchorHash = prevTo === 0n ? GENESIS_HASH : (await getAuditEvent(db, prevTo))?.hash;
  if (!anchorHash) throw new Error(`previous archive ends at #${prevTo}, which is not in the log`);
  const lastEvent = await getAuditEvent(db, toSeq);
  if (!lastEvent) throw new Error(`event #${toSeq} vanished`);

  const checkpointId = crypto.randomUUID();
  const checkpointAt = new Date();
  const claim = { seq: toSeq, hash: lastEvent.hash, createdAt: checkpointAt };
  const signature = opts.signingKey ? signCheckpoint(claim, opts.signingKey) : null;
  const header: ArchiveHeader = {
    type: "header",
    format: ARCHIVE_FORMAT,
    version: 1,
    createdAt: now.toISOString(),
    olderThanDays: opts.olderThanDays,
    cutoff: cutoff.toISOString(),
    fromSeq: (prevTo + 1n).toString(),
    toSeq: toSeq.toString(),
    anchor: { seq: prevTo.toString(), hash: anchorHash },
    checkpoint: {
      id: checkpointId,
      seq: toSeq.toString(),
      hash: lastEvent.hash,
      createdAt: checkpointAt.toISOString(),
      signature,
    },
  };

  await mkdir(opts.dir, { recursive: true });
  const file = path.resolve(opts.dir, `audit-archive-${header.fromSeq}-${header.toSeq}.ndjson`);
  const tmp = `${file}.partial`;
  const out = createWriteStream(tmp, { flags: "w" });
  const digest = createHash("sha256");
  const write = async (line: string) => {
    digest.update(line);
    if (!out.write(line)) await once(out, "drain");
  };
  const verifier = new ChainVerifier({ seq: prevTo, hash: anchorHash });
  let count = 0;
  try {
    await write(`${JSON.stringify(header)}\n`);
    for await (const batch of scanAuditEvents(db, { afterSeq: prevTo, upToSeq: toSeq, batchSize: 5000 })) {
      let chunk = "";
      for (const e of batch) {
        const broken = verifier.push(e);
        if (broken) throw new ArchiveIntegrityError(broken);
        chunk += `${JSON.stringify(toDto(e))}\n`;
        count++;
      }
      await write(chunk);
    }
    if (verifier.head.seq !== toSeq) {
      throw new ArchiveIntegrityError({
        seq: (verifier.head.seq + 1n).toString(),
        eventId: null,
        reason: "seq_gap",
        expected: toSeq.toString(),
        actual: verifier.head.seq.toString(),
        message: `event #${verifier.head.seq + 1n} is missing`,
      });
    }
    await write(`${JSON.stringify({ type: "trailer", count, lastHash: verifier.head.hash })}\n`);
    out.end();
    await once(out, "finish");
  } catch (err) {
    // Discard the partial file; writes still queued while the file opens must not surface as errors.
    // (events.once would reject on such an error and hide the real reason for stopping.)
    out.on("error", () => {});
    if (!out.closed) {
      const closed = new Promise<void>((resolve) => out.once("close", () => resolve()));
      out.destroy();
      await closed;
    }
    await rm(tmp, { force: true });
    throw err;
  }
  await rename(tmp, file);
  const fileSha256 = digest.digest("hex");

  await db.$transaction(async (tx) => {
    await tx.$executeRaw`
      INSERT INTO audit_checkpoint (id, seq, hash, created_at, created_by, signature)
      VALUES (${checkpointId}::uuid, ${toSeq}, ${lastEvent.hash}, ${checkpointAt}, ${opts.actor.email ?? opts.actor.id}, ${signature})`;
    await recordAudit(tx, {
      action: "audit.archived",
      actor: opts.actor,
      target: { type: "audit", id: checkpointId },
      details: {
        fromSeq: header.fromSeq,
        toSeq: header.toSeq,
        count,
        file: path.basename(file),
        fileSha256,
        checkpointId,
        olderThanDays: opts.olderThanDays,
        cutoff: header.cutoff,
      },
    });
  });
  return { file, fileSha256, fromSeq: header.fromSeq, toSeq: header.toSeq, count, checkpointId };
}

export type ArchiveVerification = {
  ok: boolean;
  count: number;
  fromSeq: string;
  toSeq: string;
  firstBreak: ChainBreak | null;
  checkpointMatches: boolean;
  signatureCheck: SignatureCheck;
  problems: string[];
};

/** Re-hashes an archive file offline: events chain from the anchor and end at the checkpoint. */
export async function verifyArchiveFile(file: string, key?: string): Promise<ArchiveVerification> {
  const lines = createInterface({ input: createReadStream(file, "utf8"), crlfDelay: Number.POSITIVE_INFINITY });
  let header: ArchiveHeader | null = null;
  let verifier: ChainVerifier | null = null;
  let trailer: { count: number; lastHash: string } | null = null;
  const problems: string[] = [];
  let count = 0;
  for await (const line of lines) {
    if (!line.trim()) continue;
    const obj = JSON.parse(line);
    if (!header) {
      if (obj.type !== "header" || obj.format !== ARCHIVE_FORMAT) throw new Error(`${file} is not an audit archive`);
      header = obj as ArchiveHeader;
      verifier = new ChainVerifier({ seq: BigInt(header.anchor.seq), hash: header.anchor.hash });
      continue;
    }
    if (obj.type === "trailer") {
      trailer = obj;
      continue;
    }
    const e: ChainedAuditEvent = { ...obj, seq: BigInt(obj.seq), occurredAt: new Date(obj.occurredAt) };
    verifier!.push(e);
    count++;
  }
  if (!header || !verifier) throw new Error(`${file} is empty`);
  const cp = header.checkpoint;
  const head = verifier.head;
  const checkpointMatches = !verifier.firstBreak && head.seq === BigInt(cp.seq) && head.hash === cp.hash;
  if (!trailer) problems.push("the trailer line is missing (truncated file?)");
  else if (trailer.count !== count)
    problems.push(`the trailer counts ${trailer.count} events, the file holds ${count}`);
  if (!checkpointMatches && !verifier.firstBreak) {
    problems.push(`the events end at #${head.seq} (${head.hash.slice(0, 12)}…), not at checkpoint #${cp.seq}`);
  }
  const signatureCheck = checkCheckpointSignature(
    { seq: BigInt(cp.seq), hash: cp.hash, createdAt: new Date(cp.createdAt) },
    cp.signature,
    key,
  );
  if (signatureCheck === "invalid") problems.push("the checkpoint signature is invalid");
  return {
    ok: !verifier.firstBreak && checkpointMatches && problems.length === 0,
    count,
    fromSeq: header.fromSeq,
    toSeq: header.toSeq,
    firstBreak: verifier.firstBreak,
    checkpointMatches,
    signatureCheck,
    problems,
  };
}
