// The audit service on real PostgreSQL: appends in the caller's transaction, the database
// refuses changes, verify finds tampering at the right place, checkpoints, concurrency,
// filters with keyset pagination, streamed export, retention archive.
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { chainEvent, computeEventHash, GENESIS_HASH } from "@/lib/domain/audit-chain";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import {
  archiveAuditEvents,
  auditFilterSchema,
  auditPageSchema,
  auditTrail,
  createCheckpoint,
  listAuditEvents,
  recordAudit,
  startAuditExport,
  verifyArchiveFile,
  verifyAuditChain,
} from "@/lib/server/audit";
import { insertChained, lockChainHead } from "@/lib/server/audit/record";
import { actor, openAttacker, openDb, resetAudit, tamper } from "./support";

let db: PrismaClient;
let attacker: pg.Client;

beforeAll(async () => {
  db = openDb(20);
  attacker = await openAttacker();
});
afterAll(async () => {
  await attacker?.end();
  await db?.$disconnect();
});
beforeEach(async () => {
  await resetAudit(attacker);
});

async function append(n: number, over: (i: number) => Record<string, unknown> = () => ({})) {
  for (let i = 0; i < n; i++) {
    await db.$transaction((tx) =>
      recordAudit(tx, {
        action: "promotion.requested",
        actor: actor(),
        environment: i % 2 ? "prod" : "staging",
        application: "nura-core",
        target: { type: "promotion", id: `p-${i}` },
        details: { i, commitSha: `c0ffee${i}` },
        ...over(i),
      }),
    );
  }
}

async function streamText(s: ReadableStream<Uint8Array>) {
  return new Response(s).text();
}

describe("recordAudit", () => {
  it("appends chained events with contiguous seq", async () => {
    await append(5);
    const rows = await attacker.query("SELECT seq::text, prev_hash, hash FROM audit_event ORDER BY seq");
    expect(rows.rows.map((r) => r.seq)).toEqual(["1", "2", "3", "4", "5"]);
    expect(rows.rows[0].prev_hash).toBe(GENESIS_HASH);
    for (let i = 1; i < 5; i++) expect(rows.rows[i].prev_hash).toBe(rows.rows[i - 1].hash);
    const v = await verifyAuditChain(db);
    expect(v).toMatchObject({ ok: true, checked: 5, headSeq: "5", firstBreak: null });
  });

  it("commits with the state change and rolls back with it", async () => {
    const promotionId = crypto.randomUUID();
    await db.$transaction(async (tx) => {
      await tx.promotion.create({
        data: {
          id: promotionId,
          application: "nura-core",
          fromEnvironment: "dev",
          toEnvironment: "staging",
          imageTag: "1.2.3",
          status: "requested",
          requestedById: crypto.randomUUID(),
        },
      });
      await recordAudit(tx, {
        action: "promotion.requested",
        actor: actor(),
        target: { type: "promotion", id: promotionId },
      });
    });
    expect(await db.promotion.count({ where: { id: promotionId } })).toBe(1);
    expect((await auditTrail(db, "promotion", promotionId)).map((e) => e.action)).toEqual(["promotion.requested"]);

    // The state change fails after the event was written: neither survives.
    await expect(
      db.$transaction(async (tx) => {
        await recordAudit(tx, {
          action: "promotion.approved",
          actor: actor(),
          target: { type: "promotion", id: promotionId },
        });
        await tx.promotion.update({ where: { id: promotionId }, data: { status: "approved" } });
        throw new Error("git push failed");
      }),
    ).rejects.toThrow("git push failed");
    expect((await db.promotion.findUniqueOrThrow({ where: { id: promotionId } })).status).toBe("requested");
    expect(await auditTrail(db, "promotion", promotionId)).toHaveLength(1);

    // The event is invalid: the state change is not committed either.
    await expect(
      db.$transaction(async (tx) => {
        await tx.promotion.update({ where: { id: promotionId }, data: { status: "approved" } });
        // biome-ignore lint/suspicious/noExplicitAny: deliberately wrong input from an untyped caller
        await recordAudit(tx, { action: "promotion.teleported" as any, actor: actor() });
      }),
    ).rejects.toThrow(/"promotion.teleported" is not an audit action/);
    expect((await db.promotion.findUniqueOrThrow({ where: { id: promotionId } })).status).toBe("requested");
  });

  it("refuses details that cannot be re-hashed, naming the field", async () => {
    const bad = (details: Record<string, unknown>) =>
      // biome-ignore lint/suspicious/noExplicitAny: untyped caller
      db.$transaction((tx) => recordAudit(tx, { action: "config.changed", actor: actor(), details: details as any }));
    await expect(bad({ n: Number.NaN })).rejects.toThrow(/details\.n/);
    await expect(bad({ list: Array.from({ length: 20 }, () => "x".repeat(8000)) })).rejects.toThrow(/details/);
    expect((await verifyAuditChain(db)).checked).toBe(0);
  });

  it("stores text a client could have sent (NUL, lone surrogates, overlong) made storable, and verifies", async () => {
    await db.$transaction((tx) =>
      recordAudit(tx, {
        action: "config.changed",
        actor: { ...actor(), ip: "9".repeat(150), userAgent: "u\u0000".repeat(800) },
        correlationId: "c".repeat(201),
        details: { note: "a\u0000b\ud800", blob: "x".repeat(40_000) },
      }),
    );
    const [row] = await db.$queryRaw<{ note: string; blob: number; ip: number; cid: number }[]>`
      SELECT details->>'note' AS note, length(details->>'blob') AS blob, length(actor_ip) AS ip,
             length(correlation_id) AS cid FROM audit_event`;
    expect(row).toEqual({ note: "a\ufffdb\ufffd", blob: 8192, ip: 100, cid: 200 });
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it("round-trips unicode, nested JSON and large numbers through jsonb and still verifies", async () => {
    await db.$transaction((tx) =>
      recordAudit(tx, {
        action: "config.changed",
        actor: actor("Émile@Nura.Example", "admin"),
        details: { z: 1, a: { emoji: "🚀", quote: 'say "hi"', list: [1.5, -0, 2 ** 60, null, true] }, é: "x" },
      }),
    );
    const v = await verifyAuditChain(db);
    expect(v.ok).toBe(true);
    const page = await listAuditEvents(db, {}, auditPageSchema.parse({}));
    expect(page.events[0]!.actorEmail).toBe("émile@nura.example");
  });

  it("never forks the chain under 50 concurrent writers", async () => {
    const writers = 50;
    const each = 10;
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        for (let i = 0; i < each; i++) {
          await db.$transaction((tx) =>
            recordAudit(tx, { action: "argocd.sync", actor: actor(`w${w}@nura.example`), details: { w, i } }),
          );
        }
      }),
    );
    const v = await verifyAuditChain(db);
    expect(v).toMatchObject({ ok: true, checked: writers * each, headSeq: String(writers * each) });
  });
});

describe("the database keeps the log append-only", () => {
  it("refuses UPDATE, DELETE and TRUNCATE from the application", async () => {
    await append(3);
    await expect(db.$executeRaw`UPDATE audit_event SET outcome = 'failure' WHERE seq = 2`).rejects.toThrow(
      /append-only: UPDATE on audit_event/,
    );
    await expect(db.$executeRaw`DELETE FROM audit_event WHERE seq = 3`).rejects.toThrow(/append-only: DELETE/);
    await expect(db.$executeRawUnsafe("TRUNCATE audit_event")).rejects.toThrow(/append-only: TRUNCATE/);
    await expect(db.auditEvent.deleteMany({})).rejects.toThrow(/append-only/);
    expect((await verifyAuditChain(db)).checked).toBe(3);
  });

  it("refuses an insert that does not extend the head (a fork or a forged event)", async () => {
    await append(2);
    const forged = chainEvent(
      { seq: 1n, hash: "f".repeat(64) },
      {
        id: crypto.randomUUID(),
        occurredAt: new Date(),
        actorId: null,
        actorEmail: "eve@nura.example",
        actorRole: null,
        actorIp: null,
        userAgent: null,
        action: "config.changed",
        outcome: "success",
        environment: null,
        application: null,
        targetType: null,
        targetId: null,
        correlationId: null,
        details: {},
      },
    );
    await expect(db.$transaction((tx) => insertChained(tx, forged))).rejects.toThrow(/does not extend the head #2/);
  });

  it("refuses changing checkpoints", async () => {
    await append(1);
    await createCheckpoint(db, actor());
    await expect(db.$executeRaw`UPDATE audit_checkpoint SET hash = 'x'`).rejects.toThrow(/append-only/);
    await expect(db.$executeRaw`DELETE FROM audit_checkpoint`).rejects.toThrow(/append-only/);
  });
});

describe("verify names the first broken link", () => {
  beforeEach(async () => {
    await append(10);
  });

  it("an updated event", async () => {
    await tamper(attacker, `UPDATE audit_event SET details = '{"i": 99}' WHERE seq = 4`);
    const v = await verifyAuditChain(db);
    expect(v.ok).toBe(false);
    expect(v.firstBreak).toMatchObject({ seq: "4", reason: "hash_mismatch" });
    expect(v.checked).toBe(3);
  });

  it("an updated event whose hash was recomputed too", async () => {
    const row = (await attacker.query("SELECT id::text, prev_hash FROM audit_event WHERE seq = 6")).rows[0];
    await tamper(attacker, "UPDATE audit_event SET actor_email = 'eve@nura.example' WHERE seq = 6");
    const [e] = await db.$queryRaw<{ occurred_at: Date }[]>`SELECT occurred_at FROM audit_event WHERE seq = 6`;
    const page = await listAuditEvents(
      db,
      auditFilterSchema.parse({ actor: "eve@nura.example" }),
      auditPageSchema.parse({}),
    );
    const ev = page.events[0]!;
    const rehash = computeEventHash(row.prev_hash, {
      ...ev,
      seq: 6n,
      occurredAt: e!.occurred_at,
      details: ev.details as never,
    });
    await tamper(attacker, "UPDATE audit_event SET hash = $1 WHERE seq = 6", [rehash]);
    expect((await verifyAuditChain(db)).firstBreak).toMatchObject({ seq: "7", reason: "prev_hash_mismatch" });
  });

  it("a deleted event", async () => {
    await tamper(attacker, "DELETE FROM audit_event WHERE seq = 5");
    expect((await verifyAuditChain(db)).firstBreak).toMatchObject({ seq: "5", reason: "seq_gap", actual: "6" });
  });

  it("two events swapped (reordered)", async () => {
    await tamper(attacker, "UPDATE audit_event SET seq = -7 WHERE seq = 7");
    await tamper(attacker, "UPDATE audit_event SET seq = 7 WHERE seq = 8");
    await tamper(attacker, "UPDATE audit_event SET seq = 8 WHERE seq = -7");
    expect((await verifyAuditChain(db)).firstBreak).toMatchObject({ seq: "7", reason: "prev_hash_mismatch" });
  });

  it("the newest events deleted, caught by the checkpoint that covered them", async () => {
    await createCheckpoint(db, actor()); // at #10, written as event #11
    await tamper(attacker, "DELETE FROM audit_event WHERE seq >= 9");
    const v = await verifyAuditChain(db);
    expect(v.ok).toBe(false);
    expect(v.firstBreak).toMatchObject({ seq: "9", reason: "seq_gap" });
    expect(v.firstBreak!.message).toMatch(/covers events up to #10 but the log ends at #8/);
  });
});

describe("checkpoints", () => {
  const key = "test-signing-key-0123456789";

  it("are signed, verified, and prove nothing before them changed even if the chain was re-hashed", async () => {
    await append(6);
    const cp = await createCheckpoint(db, actor("auditor@nura.example", "auditor"), { signingKey: key });
    expect(cp).toMatchObject({ seq: "6" });
    expect(cp.signature).toMatch(/^hmac-sha256:/);
    await append(2);
    let v = await verifyAuditChain(db, { signingKey: key });
    expect(v.ok).toBe(true);
    expect(v.checkpoints).toEqual([expect.objectContaining({ id: cp.id, matches: true, signatureCheck: "valid" })]);

    // An attacker rewrites event 3 and re-hashes every later event: the links all hold again,
    // but the chain no longer reaches the checkpoint's hash.
    await tamper(attacker, `UPDATE audit_event SET details = '{"i": 1000}' WHERE seq = 3`);
    const rows = (await db.$queryRaw<{ seq: bigint }[]>`SELECT seq FROM audit_event WHERE seq >= 3 ORDER BY seq`).map(
      (r) => r.seq,
    );
    let prev = (await attacker.query("SELECT hash FROM audit_event WHERE seq = 2")).rows[0].hash as string;
    for (const seq of rows) {
      const page = await listAuditEvents(db, {}, auditPageSchema.parse({ before: String(seq + 1n), limit: 1 }));
      const e = page.events[0]!;
      const [t] = await db.$queryRaw<{ occurred_at: Date }[]>`SELECT occurred_at FROM audit_event WHERE seq = ${seq}`;
      const hash = computeEventHash(prev, { ...e, seq, occurredAt: t!.occurred_at, details: e.details as never });
      await tamper(attacker, "UPDATE audit_event SET prev_hash = $1, hash = $2 WHERE seq = $3", [
        prev,
        hash,
        String(seq),
      ]);
      prev = hash;
    }
    v = await verifyAuditChain(db, { signingKey: key });
    expect(v.ok).toBe(false);
    expect(v.firstBreak).toMatchObject({ seq: "6", reason: "checkpoint_mismatch" });
  });

  it("a forged checkpoint fails its signature; a checkpoint anchors a partial verify only when signed", async () => {
    await append(3);
    const signed = await createCheckpoint(db, actor(), { signingKey: key });
    const unsigned = await createCheckpoint(db, actor());
    await append(2);
    const partial = await verifyAuditChain(db, { signingKey: key, fromCheckpointId: signed.id });
    expect(partial).toMatchObject({ ok: true, fromSeq: "3", checked: 4 });
    // "latest-signed" skips the newer unsigned checkpoint and starts from the signed one.
    expect(await verifyAuditChain(db, { signingKey: key, fromCheckpointId: "latest-signed" })).toMatchObject({
      ok: true,
      fromSeq: "3",
    });
    await expect(verifyAuditChain(db, { fromCheckpointId: "latest-signed" })).rejects.toThrow(
      /AUDIT_SIGNING_KEY is not set/,
    );
    await expect(verifyAuditChain(db, { signingKey: key, fromCheckpointId: unsigned.id })).rejects.toThrow(
      /signature is unsigned/,
    );
    await tamper(attacker, "UPDATE audit_checkpoint SET created_at = created_at + interval '1 second' WHERE id = $1", [
      signed.id,
    ]);
    const v = await verifyAuditChain(db, { signingKey: key });
    expect(v.ok).toBe(false);
    expect(v.checkpoints.find((c) => c.id === signed.id)?.signatureCheck).toBe("invalid");
  });
});

describe("listing", () => {
  beforeEach(async () => {
    await append(30, (i) => ({
      outcome: i % 10 === 0 ? "failure" : "success",
      actor: actor(i % 3 === 0 ? "bo@nura.example" : "ana@nura.example"),
      details: { i, commitSha: `deadbeef${i}`, note: i === 17 ? "rollback after canary alarm" : "routine" },
    }));
  });

  it("keyset pages cover every matching event once, newest first, in both directions", async () => {
    const filter = auditFilterSchema.parse({ environment: "prod" });
    const seen: string[] = [];
    let cursor: string | undefined;
    const pages: string[][] = [];
    do {
      const page = await listAuditEvents(db, filter, auditPageSchema.parse({ before: cursor, limit: 4 }));
      pages.push(page.events.map((e) => e.seq));
      seen.push(...page.events.map((e) => e.seq));
      cursor = page.older ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(15);
    expect(new Set(seen).size).toBe(15);
    expect(seen).toEqual([...seen].sort((a, b) => Number(b) - Number(a)));
    // Going back from the third page gives the second page again.
    const third = await listAuditEvents(db, filter, auditPageSchema.parse({ before: pages[1]!.at(-1), limit: 4 }));
    expect(third.events.map((e) => e.seq)).toEqual(pages[2]);
    const back = await listAuditEvents(db, filter, auditPageSchema.parse({ after: third.newer!, limit: 4 }));
    expect(back.events.map((e) => e.seq)).toEqual(pages[1]);
  });

  it("a search pages the same whether its rows come from the seq window, the indexes or the short walk", async () => {
    // With windows of 1, 2 and 4 rows the 30 events cross every path of matchingRows: the window walked
    // by seq, the rest from the indexes (more than 5 windows left) and the short rest walked by seq. The
    // default window holds the whole log, so it is the reference.
    const walkAll = async (q: string, dir: "older" | "newer", window?: bigint) => {
      const filter = auditFilterSchema.parse({ q });
      const list = (cursor: { before?: string; after?: string }) =>
        listAuditEvents(db, filter, auditPageSchema.parse({ ...cursor, limit: 3 }), window);
      // "newer" pages up from the oldest match (itself excluded: the cursor is exclusive).
      const oldest = (await listAuditEvents(db, filter, auditPageSchema.parse({ limit: 200 }))).events.at(-1)?.seq;
      const seen: string[] = [];
      let page = await list(dir === "older" ? {} : { after: oldest });
      for (;;) {
        seen.push(...page.events.map((e) => e.seq));
        const cursor = dir === "older" ? page.older : page.newer;
        if (!cursor) return seen;
        page = await list(dir === "older" ? { before: cursor } : { after: cursor });
      }
    };
    for (const q of ["routine", "deadbeef1", "canary", "ana@"]) {
      for (const dir of ["older", "newer"] as const) {
        const reference = await walkAll(q, dir);
        if (dir === "older") expect(reference.length, q).toBeGreaterThan(0);
        expect(new Set(reference).size, `${q} ${dir}: no row twice`).toBe(reference.length);
        for (const window of [1n, 2n, 4n])
          expect(await walkAll(q, dir, window), `${q} ${dir} window ${window}`).toEqual(reference);
      }
    }
    // The reference itself is right: "deadbeef1" is i = 1 and 10–19 (11 events), "routine" every i but 17.
    expect(await walkAll("deadbeef1", "older")).toHaveLength(11);
    expect(await walkAll("routine", "older")).toHaveLength(29);
  });

  it("a search from a cursor near the largest seq the API accepts is a page, not a bigint overflow", async () => {
    // The search window's far edge (cursor + window) must stay a bigint for PostgreSQL.
    const filter = auditFilterSchema.parse({ q: "routine" });
    for (const after of ["9223372036854775807", "9223372036854775000"]) {
      const page = await listAuditEvents(db, filter, auditPageSchema.parse({ after, limit: 3 }));
      expect(page, after).toEqual({ events: [], older: null, newer: null });
    }
  });

  it("filters by actor, action, outcome, time range and details text", async () => {
    const count = async (q: Record<string, string>) =>
      (await listAuditEvents(db, auditFilterSchema.parse(q), auditPageSchema.parse({ limit: 200 }))).events.length;
    expect(await count({ actor: "BO@nura.example" })).toBe(10);
    expect(await count({ outcome: "failure" })).toBe(3);
    expect(await count({ action: "promotion.requested,argocd.sync" })).toBe(30);
    expect(await count({ action: "argocd.sync" })).toBe(0);
    expect(await count({ q: "canary alarm" })).toBe(1);
    expect(await count({ q: "deadbeef17" })).toBe(1);
    // prod = odd i (15); failures are i % 10 === 0 (even, staging); i = 17 has another note.
    expect(await count({ q: "routine", environment: "prod", outcome: "success" })).toBe(14);
    expect(await count({ from: "2000-01-01", to: "2999-01-01" })).toBe(30);
    expect(await count({ to: "2000-01-01" })).toBe(0);
    expect(await count({ targetType: "promotion", targetId: "p-3" })).toBe(1);
  });

  it("search finds what the table shows: short SHAs, name prefixes, columns; actor by name or e-mail prefix", async () => {
    const diego = await db.user.upsert({
      where: { email: "diego.search@nura.example" },
      create: { email: "diego.search@nura.example", name: "Diego Developer", source: "sandbox" },
      update: { name: "Diego Developer" },
      select: { id: true },
    });
    const sha = "109a2bd3f5e6c7d8e9f00112233445566778899a";
    await db.$transaction((tx) =>
      recordAudit(tx, {
        action: "promotion.requested",
        actor: { ...actor("diego.search@nura.example", "developer"), id: diego.id },
        environment: "staging",
        application: "nura-portal",
        target: { type: "user", id: diego.id },
        details: { commitSha: sha, imageTag: "1.4.2" },
      }),
    );
    // "nura" and a word starting with "u", but not "nura-u…": a hyphenated prefix must not match it.
    await db.$transaction((tx) =>
      recordAudit(tx, {
        action: "argocd.terminate",
        actor: actor("other.search@nura.example", "developer"),
        environment: "staging",
        application: "search-other",
        target: { type: "application", id: "search-other/staging" },
        details: { argocdApplication: "nura-core-staging", error: "Unable to terminate operation" },
      }),
    );
    const count = async (q: Record<string, string>) =>
      (await listAuditEvents(db, auditFilterSchema.parse(q), auditPageSchema.parse({ limit: 200 }))).events.length;
    expect(await count({ q: "109a2bd" })).toBe(1); // the short SHA the UI shows
    expect(await count({ q: "nura-portal" })).toBe(1); // an application column, not in details
    expect(await count({ q: "nura-por" })).toBe(1);
    expect(await count({ q: "nura-u" })).toBe(0); // its parts are apart in the terminate event
    expect(await count({ q: "nura-core-st" })).toBe(1); // …and in order there
    expect(await count({ q: "nura" })).toBe(32); // every event's application starts with nura-, plus the terminate's details
    expect(await count({ q: "nura-portal 109a2bd" })).toBe(1); // every word must match
    expect(await count({ q: "nura-portal deadbeef" })).toBe(0);
    expect(await count({ q: "deadbeef1" })).toBe(11); // deadbeef1, deadbeef10 … deadbeef19
    expect(await count({ q: "canary" })).toBe(1);
    // tsquery syntax and LIKE wildcards are text, not operators.
    expect(await count({ q: "a & b | !c:* (d" })).toBe(0);
    expect(await count({ q: "%" })).toBe(0);
    expect(await count({ q: "_" })).toBe(0);
    // Actor: an e-mail prefix, or a word of the person's name (the e-mail lives in the event, the name in the user).
    expect(await count({ actor: "diego" })).toBe(1);
    expect(await count({ actor: "Developer" })).toBe(1);
    expect(await count({ actor: "diego.search@" })).toBe(1);
    expect(await count({ actor: "ana@" })).toBe(20);
    expect(await count({ actor: "evelopr" })).toBe(0);
    expect(await count({ actor: "%" })).toBe(0);
  });

  it("rejects bad filters with a message naming the problem", () => {
    const err = (q: Record<string, string>) => {
      const r = auditFilterSchema.safeParse(q);
      return r.success ? null : `${r.error.issues[0]!.path.join(".")}: ${r.error.issues[0]!.message}`;
    };
    expect(err({ action: "promotion.requested,nope" })).toBe('action: "nope" is not an audit action');
    expect(err({ outcome: "maybe" })).toMatch(/^outcome: must be one of success, failure, denied/);
    expect(err({ from: "yesterday" })).toMatch(/^from: must be an ISO date/);
    expect(err({ from: "2026-02-01", to: "2026-01-01" })).toBe("from: must be before to");
    expect(err({ targetId: "x" })).toBe("targetType: is required with targetId");
    const p = auditPageSchema.safeParse({ before: "abc" });
    expect(p.success).toBe(false);
    expect(auditPageSchema.safeParse({ limit: "1000" }).error?.issues[0]?.message).toBe("must be at most 200");
  });
});

describe("export", () => {
  it("streams CSV and JSON of the filtered set up to the head at its start, and audits itself", async () => {
    await append(12, (i) => ({ details: { i, note: i === 3 ? '=HYPERLINK("x"), "quoted"\nline' : "plain" } }));
    const filter = auditFilterSchema.parse({ environment: "prod" });
    const csv = await startAuditExport(db, actor("auditor@nura.example", "auditor"), filter, "csv");
    expect(csv.upToSeq).toBe(12n);
    await append(2); // later events are not in this export
    const text = await streamText(csv.stream);
    const lines = text.trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      "seq,id,occurredAt,actorId,actorEmail,actorRole,actorIp,userAgent,action,outcome,environment,application,targetType,targetId,correlationId,details,prevHash,hash",
    );
    // 6 prod rows; the row with an embedded newline spans two physical lines.
    expect(text.match(/\r\n(\d+),/g)?.map((m) => m.trim().replace(",", ""))).toEqual(["2", "4", "6", "8", "10", "12"]);
    expect(text).not.toContain(",=HYPERLINK");

    const json = await startAuditExport(db, actor("auditor@nura.example", "auditor"), {}, "json");
    const arr = JSON.parse(await streamText(json.stream)) as { seq: string; action: string }[];
    // 12 + 2 appended + the CSV export's own event; this export's event (#16) is after its head.
    expect(arr.map((e) => e.seq)).toEqual(Array.from({ length: 15 }, (_, i) => String(i + 1)));
    expect(arr[12]!.action).toBe("audit.exported");
    expect(arr[13]!.action).toBe("promotion.requested");
    const exports = await listAuditEvents(
      db,
      auditFilterSchema.parse({ action: "audit.exported" }),
      auditPageSchema.parse({}),
    );
    expect(exports.events.map((e) => (e.details as { format: string }).format)).toEqual(["json", "csv"]);
    expect((exports.events[1]!.details as { filter: unknown }).filter).toEqual({ environment: "prod" });
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it("exports an empty set as valid JSON", async () => {
    const json = await startAuditExport(db, actor(), auditFilterSchema.parse({ actor: "nobody@nura.example" }), "json");
    expect(JSON.parse(await streamText(json.stream))).toEqual([]);
  });
});

describe("retention archive", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "audit-archive-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function appendAt(occurredAt: Date, n: number) {
    for (let i = 0; i < n; i++) {
      await db.$transaction(async (tx) => {
        const head = await lockChainHead(tx);
        await insertChained(
          tx,
          chainEvent(head, {
            id: crypto.randomUUID(),
            occurredAt,
            actorId: "u",
            actorEmail: "ana@nura.example",
            actorRole: "admin",
            actorIp: null,
            userAgent: null,
            action: "infra.plan",
            outcome: "success",
            environment: "dev",
            application: null,
            targetType: "infra_run",
            targetId: `r-${i}`,
            correlationId: null,
            details: { i },
          }),
        );
      });
    }
  }

  it("archives old events to a verifiable file, hangs it from a checkpoint, deletes nothing, and continues", async () => {
    const now = new Date();
    await appendAt(new Date(now.getTime() - 100 * 86_400_000), 7);
    await appendAt(new Date(now.getTime() - 40 * 86_400_000), 3);
    await append(2);
    const key = "archive-key-abcdefghijklmnop";
    const first = await archiveAuditEvents(db, { olderThanDays: 90, dir, actor: actor(), signingKey: key, now });
    expect(first).toMatchObject({ fromSeq: "1", toSeq: "7", count: 7 });
    const check = await verifyArchiveFile(first!.file, key);
    expect(check).toMatchObject({ ok: true, count: 7, checkpointMatches: true, signatureCheck: "valid" });
    // Nothing deleted; the archive and its checkpoint are on the chain, which still verifies.
    expect((await verifyAuditChain(db, { signingKey: key })).ok).toBe(true);
    expect(Number((await attacker.query("SELECT count(*) FROM audit_event")).rows[0].count)).toBe(13);
    const archived = await listAuditEvents(
      db,
      auditFilterSchema.parse({ action: "audit.archived" }),
      auditPageSchema.parse({}),
    );
    expect(archived.events[0]!.details).toMatchObject({ fromSeq: "1", toSeq: "7", fileSha256: first!.fileSha256 });

    expect(await archiveAuditEvents(db, { olderThanDays: 90, dir, actor: actor(), now })).toBeNull();
    const second = await archiveAuditEvents(db, { olderThanDays: 30, dir, actor: actor(), signingKey: key, now });
    expect(second).toMatchObject({ fromSeq: "8", toSeq: "10", count: 3 });
    expect((await verifyArchiveFile(second!.file, key)).ok).toBe(true);

    // Tampering with the file is detected at the event that changed.
    const body = await readFile(first!.file, "utf8");
    await writeFile(first!.file, body.replace('"targetId":"r-4"', '"targetId":"r-44"'));
    const bad = await verifyArchiveFile(first!.file, key);
    expect(bad.ok).toBe(false);
    expect(bad.firstBreak).toMatchObject({ seq: "5", reason: "hash_mismatch" });
  });

  it("refuses to archive a broken chain", async () => {
    const now = new Date();
    await appendAt(new Date(now.getTime() - 100 * 86_400_000), 4);
    await tamper(attacker, `UPDATE audit_event SET outcome = 'failure' WHERE seq = 2`);
    await expect(archiveAuditEvents(db, { olderThanDays: 90, dir, actor: actor(), now })).rejects.toThrow(
      /refusing to archive a broken chain: event #2 was altered/,
    );
    expect((await readdir(dir)).filter((f) => f.endsWith(".partial"))).toEqual([]);
  });

  it("rejects a nonsensical retention period", async () => {
    await expect(archiveAuditEvents(db, { olderThanDays: 0, dir, actor: actor() })).rejects.toThrow(/≥ 1/);
  });
});
