// Audit log benchmark on real PostgreSQL (issue 5). Run: `make audit-bench`
// (= scripts/test/with-postgres.sh node --conditions=react-server --import tsx bench/audit/run.ts).
// `--events N` (or AUDIT_BENCH_EVENTS) loads a smaller log for development: the full million takes
// most of an hour on the shared machine, so run it at full size once per change, not per edit.
// Every timed figure is 5 runs (AUDIT_BENCH_RUNS), min / median / max, verdict on the median.
//
//  1. appends through recordAudit (one event per transaction, with the chain): 1 writer and 50
//     concurrent writers; target ≥ 1,000 events/s
//  2. loads AUDIT_BENCH_EVENTS (default 1,000,000) chained events (bulk path, same triggers)
//  3. list pages through the service (Prisma, as the route does): first page unfiltered and
//     filtered, deep pages by keyset cursor; p95 target ≤ 30 ms
//  4. streamed CSV export of the whole log and of a filtered set: rows/s, MB/s, peak RSS
//  5. 50 concurrent writers on top of the million, verify from a signed checkpoint (5 runs) and once
//     from genesis: chain intact
// Prints each figure next to its target and writes the "## Audit" section of bench/RESULTS.md.
import { cpus } from "node:os";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { pgConfigFromUrl } from "@/lib/db-adapter";
import { type ChainedAuditEvent, type ChainHead, chainEvent } from "@/lib/domain/audit-chain";
import { PrismaClient } from "@/lib/generated/prisma/client";
// The service's modules one by one, not the index: the index also exports the route helpers
// (lib/auth/session → next/navigation), which cannot load outside Next.
import { startAuditExport } from "@/lib/server/audit/export";
import { auditFilterSchema, auditPageSchema, listAuditEvents } from "@/lib/server/audit/query";
import { appendStatement, recordAudit } from "@/lib/server/audit/record";
import { createCheckpoint, verifyAuditChain } from "@/lib/server/audit/verify";
import {
  type Figure,
  type FigureRow,
  failed,
  figure,
  figureTable,
  load1,
  loadLine,
  printFigures,
  repeatRuns,
} from "../lib/figures";
import { percentile, writeSection } from "../lib/results-section";

const eventsArg = process.argv.indexOf("--events");
const TOTAL = Number(eventsArg > 0 ? process.argv[eventsArg + 1] : (process.env.AUDIT_BENCH_EVENTS ?? 1_000_000));
if (!Number.isInteger(TOTAL) || TOTAL < 10_000) throw new Error("--events must be an integer ≥ 10000");
const RUNS = Number(process.env.AUDIT_BENCH_RUNS ?? 5);
const ITER = Number(process.env.AUDIT_BENCH_ITERATIONS ?? 40);
/** Events loaded after the signed checkpoint: what the 5 timed verifications re-hash. */
const VERIFY_TAIL = Math.min(100_000, Math.floor(TOTAL / 10));
const url = process.env.DATABASE_URL;
if (!url) throw new Error("DATABASE_URL is unset: run under scripts/test/with-postgres.sh (make audit-bench)");

const db = new PrismaClient({ adapter: new PrismaPg({ ...pgConfigFromUrl(url), max: 60 }) });
const pool = new pg.Pool({ ...pgConfigFromUrl(url), max: 4 });
const actor = { id: "bench", email: "bench@nura.example", role: "admin", ip: "127.0.0.1", userAgent: "bench" };

const loads: number[] = [];
const rows: FigureRow[] = [];
function report(f: Figure) {
  const row = figure(f);
  rows.push(row);
  printFigures([row]);
}
/** Correctness checks (chain intact) and one-off facts (log size): not timed figures. */
const checks: { name: string; result: string; pass?: boolean }[] = [];
function check(name: string, result: string, pass?: boolean) {
  checks.push({ name, result, pass });
  console.log(`${pass === undefined ? "info" : pass ? "PASS" : "FAIL"}  ${name}: ${result}`);
}
/** `n` runs of `fn`, the load noted after each. */
async function runs(fn: () => Promise<number>, n = RUNS): Promise<number[]> {
  const r = await repeatRuns(n, fn);
  loads.push(...r.loads.slice(1));
  return r.results;
}
const APPEND_TARGET = { min: 1000 } as const;
/** An append-rate figure: `rate` measured in RUNS runs, against the append target. */
async function reportAppends(name: string, rate: () => Promise<number>) {
  report({ name, values: await runs(rate), unit: "ev/s", target: APPEND_TARGET });
}
const PAGE_TARGET = { max: 30 } as const;

// ---------------------------------------------------------------------------------------------
// Deterministic data: a small PRNG so every run loads the same million events.
let state = 0x9e3779b9;
const rand = () => {
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  return (state >>> 0) / 4294967296;
};
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
const hex = (n: number) => Array.from({ length: n }, () => "0123456789abcdef"[Math.floor(rand() * 16)]).join("");
const WEIGHTED_ACTIONS: string[] = [
  ...Array(20).fill("argocd.sync"),
  ...Array(18).fill("argocd.refresh"),
  ...Array(12).fill("auth.sign_in"),
  ...Array(6).fill("auth.sign_out"),
  ...Array(8).fill("promotion.requested"),
  ...Array(8).fill("promotion.approved"),
  ...Array(6).fill("promotion.executed"),
  ...Array(5).fill("promotion.succeeded"),
  ...Array(10).fill("infra.plan"),
  ...Array(3).fill("infra.apply"),
  "promotion.failed",
  "promotion.rolled_back",
  "promotion.rejected",
  "infra.abort",
  "config.changed",
];
const ENVS = ["dev", "staging", "prod"] as const;
const APPS = ["nura-core", "nura-ui", "nura-portal", "billing", "search"] as const;
const ACTORS = Array.from({ length: 60 }, (_, i) => `user${i}@nura.example`);
const WORDS =
  "canary rollout hotfix release feature flag config drift plan apply sync refresh approve reject rollback image tag chart values bump patch minor major nightly weekly cleanup migration index cache redis postgres network vpc subnet node pool autoscaler ingress cert secret rotate".split(
    " ",
  );

function syntheticEvent(head: ChainHead, occurredAt: Date): ChainedAuditEvent {
  const action = pick(WEIGHTED_ACTIONS);
  const domain = action.split(".")[0]!;
  const env = pick(ENVS);
  const r = rand();
  const outcome = r < 0.95 ? "success" : r < 0.99 ? "failure" : "denied";
  const isPromotion = domain === "promotion";
  const isInfra = domain === "infra";
  const details: Record<string, string | number> = {
    note: `${pick(WORDS)} ${pick(WORDS)} ${pick(WORDS)}`,
    commitSha: hex(40),
    build: Math.floor(rand() * 100000),
  };
  if (isInfra) details.planHash = hex(64);
  if (isPromotion) details.imageTag = `1.${Math.floor(rand() * 40)}.${Math.floor(rand() * 200)}`;
  return chainEvent(head, {
    id: crypto.randomUUID(),
    occurredAt,
    actorId: null,
    actorEmail: pick(ACTORS),
    actorRole: pick(["developer", "approver", "admin"]),
    actorIp: `10.0.${Math.floor(rand() * 255)}.${Math.floor(rand() * 255)}`,
    userAgent: "Mozilla/5.0 bench",
    action,
    outcome,
    environment: domain === "auth" ? null : env,
    application: isPromotion || domain === "argocd" ? pick(APPS) : null,
    targetType: isPromotion ? "promotion" : isInfra ? "infra_run" : null,
    targetId: isPromotion || isInfra ? `${Math.floor(rand() * 100000)}` : null,
    correlationId: hex(16),
    details,
  });
}

/** Loads chained events until the log holds `upTo`, their times spread evenly as if TOTAL were loaded. */
async function bulkLoad(upTo: number) {
  const client = await pool.connect();
  try {
    const head = await client.query("SELECT head_seq::text AS seq, head_hash AS hash FROM audit_chain_head_locked()");
    let h: ChainHead = { seq: BigInt(head.rows[0].seq), hash: head.rows[0].hash };
    const have = Number(h.seq);
    if (have >= upTo) return { loaded: 0, seconds: 0 };
    // Spread over the last 365 days, increasing with seq.
    const end = Date.now() - 60_000;
    const start = end - 365 * 86_400_000;
    const step = (end - start) / TOTAL;
    const t0 = performance.now();
    const BATCH = 5000;
    for (let base = have; base < upTo; base += BATCH) {
      const n = Math.min(BATCH, upTo - base);
      const cols: unknown[][] = Array.from({ length: 18 }, () => []);
      for (let i = 0; i < n; i++) {
        const e = syntheticEvent(h, new Date(Math.floor(start + (base + i) * step)));
        h = { seq: e.seq, hash: e.hash };
        const vals = [
          e.seq.toString(),
          e.id,
          e.occurredAt.toISOString(),
          e.actorId,
          e.actorEmail,
          e.actorRole,
          e.actorIp,
          e.userAgent,
          e.action,
          e.outcome,
          e.environment,
          e.application,
          e.targetType,
          e.targetId,
          e.correlationId,
          JSON.stringify(e.details),
          e.prevHash,
          e.hash,
        ];
        vals.forEach((v, c) => {
          cols[c]!.push(v);
        });
      }
      await client.query("BEGIN");
      await client.query(
        `INSERT INTO audit_event (seq, id, occurred_at, actor_id, actor_email, actor_role, actor_ip, user_agent, action,
           outcome, environment, application, target_type, target_id, correlation_id, details, prev_hash, hash)
         SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::text[],
           $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[],
           $16::jsonb[], $17::text[], $18::text[])`,
        cols,
      );
      await client.query("COMMIT");
      if (Math.floor((base + n) / 100_000) > Math.floor(base / 100_000)) {
        const s = (performance.now() - t0) / 1000;
        console.log(`  loaded ${base + n} events (${Math.round((base + n - have) / s)} events/s)`);
      }
    }
    const seconds = (performance.now() - t0) / 1000;
    await client.query("VACUUM ANALYZE audit_event");
    return { loaded: upTo - have, seconds };
  } finally {
    client.release();
  }
}

/**
 * The same single-statement append recordAudit issues (appendStatement), sent over plain pg
 * connections, one event per transaction: what the chain lock allows without Prisma's client cost.
 */
async function appendRateSql(writers: number, perWriter: number) {
  const wpool = new pg.Pool({ ...pgConfigFromUrl(url!), max: writers });
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      const c = await wpool.connect();
      try {
        for (let i = 0; i < perWriter; i++) {
          const q = appendStatement({
            id: crypto.randomUUID(),
            occurredAt: new Date(),
            actorId: "bench",
            actorEmail: `writer${w}@nura.example`,
            actorRole: "admin",
            actorIp: "127.0.0.1",
            userAgent: "bench",
            action: "argocd.sync",
            outcome: "success",
            environment: "dev",
            application: "nura-core",
            targetType: null,
            targetId: null,
            correlationId: null,
            details: { writer: w, i, commitSha: hex(40) },
          });
          await c.query("BEGIN");
          await c.query(q.text, q.values);
          await c.query("COMMIT");
        }
      } finally {
        c.release();
      }
    }),
  );
  const s = (performance.now() - t0) / 1000;
  await wpool.end();
  return (writers * perWriter) / s;
}

/** Baseline without the audit log: empty transactions (BEGIN; SELECT 1; COMMIT) per second. */
async function bareTxRate(conns: number, perConn: number) {
  const bpool = new pg.Pool({ ...pgConfigFromUrl(url!), max: conns });
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: conns }, async () => {
      const c = await bpool.connect();
      try {
        for (let i = 0; i < perConn; i++) {
          await c.query("BEGIN");
          await c.query("SELECT 1");
          await c.query("COMMIT");
        }
      } finally {
        c.release();
      }
    }),
  );
  const s = (performance.now() - t0) / 1000;
  await bpool.end();
  return (conns * perConn) / s;
}

async function appendRate(writers: number, perWriter: number) {
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      for (let i = 0; i < perWriter; i++) {
        await db.$transaction((tx) =>
          recordAudit(tx, {
            action: "argocd.sync",
            actor: { ...actor, email: `writer${w}@nura.example` },
            environment: "dev",
            application: "nura-core",
            details: { writer: w, i, commitSha: hex(40) },
          }),
        );
      }
    }),
  );
  const s = (performance.now() - t0) / 1000;
  return (writers * perWriter) / s;
}

async function timeQuery(label: string, q: Record<string, string>, page: Record<string, string> = {}) {
  const filter = auditFilterSchema.parse(q);
  const req = auditPageSchema.parse({ limit: "50", ...page });
  let got = 0;
  for (let i = 0; i < 5; i++) got = (await listAuditEvents(db, filter, req)).events.length;
  const p50s: number[] = [];
  const p95s = await runs(async () => {
    const times: number[] = [];
    for (let i = 0; i < ITER; i++) {
      const t = performance.now();
      await listAuditEvents(db, filter, req);
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    p50s.push(percentile(times, 50));
    return percentile(times, 95);
  });
  report({
    name: `${label} (${got} rows) p95 [median p50 ${percentile(
      p50s.sort((a, b) => a - b),
      50,
    ).toFixed(1)} ms]`,
    values: p95s,
    unit: "ms",
    target: PAGE_TARGET,
  });
}

async function exportRate(label: string, q: Record<string, string>) {
  const filter = auditFilterSchema.parse(q);
  const out = { rows: 0, bytes: 0 };
  const mbs: number[] = [];
  const rssGrowth: number[] = [];
  const rates = await runs(async () => {
    const rss0 = process.memoryUsage().rss;
    let peak = rss0;
    const t0 = performance.now();
    const { stream } = await startAuditExport(db, actor, filter, "csv");
    const reader = stream.getReader();
    let bytes = 0;
    let lines = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      for (const b of value) if (b === 10) lines++;
      peak = Math.max(peak, process.memoryUsage().rss);
    }
    const s = (performance.now() - t0) / 1000;
    Object.assign(out, { rows: lines - 1, bytes });
    mbs.push(bytes / 1e6 / s);
    rssGrowth.push((peak - rss0) / 1e6);
    return (lines - 1) / s;
  });
  report({
    name: `export CSV ${label}: ${out.rows} rows, ${(out.bytes / 1e6).toFixed(0)} MB, streamed`,
    values: rates,
    unit: "rows/s",
  });
  report({ name: `export CSV ${label} throughput`, values: mbs, unit: "MB/s" });
  report({ name: `export CSV ${label}: peak RSS growth of the process`, values: rssGrowth, unit: "MB" });
}

async function main() {
  const settings = await pool.query(
    "SELECT version() AS v, current_setting('fsync') AS fsync, current_setting('synchronous_commit') AS sc, current_setting('shared_buffers') AS sb",
  );
  const s = settings.rows[0];
  const server = `${String(s.v).split(" on ")[0]}, fsync=${s.fsync}, synchronous_commit=${s.sc}, shared_buffers=${s.sb}`;
  console.log(`PostgreSQL: ${server}`);
  loads.push(load1());
  console.log(`Machine: ${cpus().length} cores, Node ${process.version}, 1-min load average ${loads[0]!.toFixed(1)}\n`);

  // 0. What this machine allows at all: a transaction with one statement and nothing written.
  report({
    name: "baseline: empty transactions, 1 connection (no audit)",
    values: await runs(() => bareTxRate(1, 500)),
    unit: "tx/s",
    reference: "machine ceiling",
  });
  report({
    name: "baseline: empty transactions, 50 connections (no audit)",
    values: await runs(() => bareTxRate(50, 20)),
    unit: "tx/s",
    reference: "machine ceiling",
  });

  // 1. Appends through the service on an empty log.
  await reportAppends("appends, 1 writer, 1 event/transaction (recordAudit)", () => appendRate(1, 300));
  await reportAppends("appends, 50 concurrent writers (recordAudit)", () => appendRate(50, 12));
  await reportAppends("appends, 1 writer, same append SQL over plain pg", () => appendRateSql(1, 500));
  await reportAppends("appends, 50 writers, same append SQL over plain pg", () => appendRateSql(50, 20));

  // 2. The million, with a signed checkpoint VERIFY_TAIL events before its end (the timed
  // verifications re-hash what follows it, as `audit verify --from latest-signed` does).
  const preloaded = Number((await pool.query("SELECT count(*)::int AS n FROM audit_event")).rows[0].n);
  console.log(`\nloading ${TOTAL} events…`);
  const first = await bulkLoad(TOTAL - VERIFY_TAIL);
  const signingKey = "bench-signing-key-not-secret";
  const cp = await createCheckpoint(db, actor, { signingKey });
  const second = await bulkLoad(TOTAL);
  const loaded = first.loaded + second.loaded;
  if (loaded)
    check(
      `bulk load of ${loaded} chained events (same triggers), one run`,
      `${Math.round(loaded / (first.seconds + second.seconds))} ev/s`,
    );
  const [{ count }] = (await pool.query("SELECT count(*)::int AS count FROM audit_event")).rows;
  const size = (await pool.query("SELECT pg_size_pretty(pg_total_relation_size('audit_event')) AS s")).rows[0].s;
  check("events in the log", `${count}, table + indexes ${size}`);

  // 3. Pages.
  console.log("");
  const mid = String(Math.floor(count / 2));
  // 99% of the way down the bulk-loaded history (below it are only the append runs' events).
  const deep = String(preloaded + Math.floor((count - preloaded) / 100));
  const monthAgo = new Date(Date.now() - 30 * 86_400_000).toISOString();
  const sample = (
    await pool.query(`SELECT details->>'commitSha' AS sha FROM audit_event WHERE seq = $1`, [Math.floor(count / 3)])
  ).rows[0].sha as string;
  await timeQuery("first page, no filter", {});
  await timeQuery("first page, environment=prod", { environment: "prod" });
  await timeQuery("first page, action=promotion.approved", { action: "promotion.approved" });
  await timeQuery("first page, actor", { actor: "user7@nura.example" });
  await timeQuery("first page, outcome=denied", { outcome: "denied" });
  await timeQuery("first page, env=prod + app=billing + outcome=failure", {
    environment: "prod",
    application: "billing",
    outcome: "failure",
  });
  await timeQuery("first page, action=infra.apply + env=prod + last 30 days", {
    action: "infra.apply",
    environment: "prod",
    from: monthAgo,
  });
  await timeQuery("first page, details search: one commit SHA", { q: sample });
  await timeQuery("first page, details search: 'rollback canary'", { q: "rollback canary" });
  await timeQuery(`deep page (cursor #${mid}), no filter`, {}, { before: mid });
  await timeQuery(`deep page (cursor #${deep}, 99% deep), no filter`, {}, { before: deep });
  await timeQuery(`deep page (cursor #${deep}), environment=prod`, { environment: "prod" }, { before: deep });
  await timeQuery(
    `deep page (cursor #${deep}), action=promotion.approved`,
    { action: "promotion.approved" },
    { before: deep },
  );
  await timeQuery(
    `deep page (cursor #${deep}), env=prod + app=billing + outcome=failure`,
    {
      environment: "prod",
      application: "billing",
      outcome: "failure",
    },
    { before: deep },
  );
  await timeQuery(
    `deep page (cursor #${deep}), details search 'rollback canary'`,
    { q: "rollback canary" },
    { before: deep },
  );

  // 4. Export.
  console.log("");
  await exportRate("whole log", {});
  await exportRate("environment=prod", { environment: "prod" });

  // 5. Concurrency on top of the million, then verify.
  console.log("");
  await reportAppends("appends, 50 concurrent writers on the full log (recordAudit)", () => appendRate(50, 12));
  await reportAppends("appends, 50 writers on the full log, append SQL over plain pg", () => appendRateSql(50, 20));
  let partial: Awaited<ReturnType<typeof verifyAuditChain>> | undefined;
  const verifyRates = await runs(async () => {
    const t = performance.now();
    partial = await verifyAuditChain(db, { signingKey, fromCheckpointId: cp.id });
    if (!partial.ok) throw new Error(`chain broken at #${partial.firstBreak?.seq}`);
    return partial.checked / ((performance.now() - t) / 1000);
  });
  report({
    name: `verify from the signed checkpoint #${cp.seq} (${partial!.checked} events)`,
    values: verifyRates,
    unit: "ev/s",
  });
  check(
    `chain after the writers: verify from signed checkpoint #${cp.seq} (${partial!.checked} events)`,
    partial!.ok ? "intact" : `BROKEN at #${partial!.firstBreak?.seq}`,
    partial!.ok,
  );
  const t0 = performance.now();
  const full = await verifyAuditChain(db, { signingKey });
  const vs = (performance.now() - t0) / 1000;
  check(
    `full verify from genesis, one run (a correctness check; the timed figure is the checkpoint verify above): ${full.checked} events in ${vs.toFixed(1)} s`,
    full.ok ? "intact" : `BROKEN at #${full.firstBreak?.seq}`,
    full.ok,
  );

  writeResults(server);
  await db.$disconnect();
  await pool.end();
  if (failed(rows) || checks.some((c) => c.pass === false)) process.exitCode = 1;
}

function writeResults(server: string) {
  const path = "bench/RESULTS.md";
  const size = TOTAL === 1_000_000 ? "" : ` --events ${TOTAL}`;
  const section = [
    "## Audit",
    "",
    `Command: \`nice make audit-bench\` (= \`scripts/test/with-postgres.sh node --conditions=react-server --import tsx bench/audit/run.ts${size}\`), ${TOTAL.toLocaleString("en")} events; every timed figure is ${RUNS} runs (a page figure: ${ITER} timed iterations per run after 5 warm-ups, the run's p95), min / median / max over the runs, verdict on the median, "unstable" when the runs fall on both sides of the target.`,
    `Run: ${new Date().toISOString()} on ${cpus().length} cores, Node ${process.version}; ${server}.`,
    `The machine is shared: ${loadLine(loads)}, so latencies and rates include that contention.`,
    "Pages are timed through the service (`listAuditEvents` via Prisma + adapter-pg, as the API route calls it), 50 rows per page.",
    "Appends are one event per transaction, the chain lock held until commit. The baseline rows are empty transactions (no audit at all): they bound any one-event-per-transaction rate on this machine. The `append SQL over plain pg` rows send the identical append statement (`appendStatement`) without Prisma's interactive-transaction cost; the `recordAudit` rows are the real service path.",
    "",
    figureTable(rows),
    "",
    "| | check (not timed) | result |",
    "|---|---|---|",
    ...checks.map((c) => `| ${c.pass === undefined ? "info" : c.pass ? "PASS" : "FAIL"} | ${c.name} | ${c.result} |`),
    "",
  ].join("\n");
  writeSection(path, "## Audit", section);
  console.log(`\nwrote the "## Audit" section of ${path}`);
}

main().catch(async (err) => {
  console.error(err);
  await db.$disconnect();
  await pool.end();
  process.exit(1);
});
