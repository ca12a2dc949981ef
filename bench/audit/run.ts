// Audit log benchmark on real PostgreSQL (issue 5). Run: `make audit-bench`
// (= scripts/test/with-postgres.sh node --conditions=react-server --import tsx bench/audit/run.ts).
//
//  1. appends through recordAudit (one event per transaction, with the chain): 1 writer and 50
//     concurrent writers; target ≥ 1,000 events/s
//  2. loads AUDIT_BENCH_EVENTS (default 1,000,000) chained events (bulk path, same triggers)
//  3. list pages through the service (Prisma, as the route does): first page unfiltered and
//     filtered, deep pages by keyset cursor; p95 target ≤ 30 ms
//  4. streamed CSV export of the whole log and of a filtered set: rows/s, MB/s, peak RSS
//  5. 50 concurrent writers on top of the million, then a full verify: chain intact
// Prints each figure next to its target and writes the "## Audit" section of bench/RESULTS.md.
import { cpus, loadavg } from "node:os";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { pgConfigFromUrl } from "@/lib/db-adapter";
import { type ChainedAuditEvent, type ChainHead, chainEvent } from "@/lib/domain/audit-chain";
import { PrismaClient } from "@/lib/generated/prisma/client";
import {
  auditFilterSchema,
  auditPageSchema,
  createCheckpoint,
  listAuditEvents,
  recordAudit,
  startAuditExport,
  verifyAuditChain,
} from "@/lib/server/audit";
import { appendStatement } from "@/lib/server/audit/record";
import { percentile, writeSection } from "../lib/results-section";

const TOTAL = Number(process.env.AUDIT_BENCH_EVENTS ?? 1_000_000);
const ITER = Number(process.env.AUDIT_BENCH_ITERATIONS ?? 60);
const url = process.env.DATABASE_URL;
if (!url) throw new Error("DATABASE_URL is unset: run under scripts/test/with-postgres.sh (make audit-bench)");

const db = new PrismaClient({ adapter: new PrismaPg({ ...pgConfigFromUrl(url), max: 60 }) });
const pool = new pg.Pool({ ...pgConfigFromUrl(url), max: 4 });
const actor = { id: "bench", email: "bench@nura.example", role: "admin", ip: "127.0.0.1", userAgent: "bench" };

let loadAtStart = "?";
type Row = { metric: string; figure: string; target: string; verdict: "PASS" | "FAIL" | "info" };
const rows: Row[] = [];
function report(metric: string, figure: string, target = "", pass?: boolean) {
  const verdict = pass === undefined ? "info" : pass ? "PASS" : "FAIL";
  rows.push({ metric, figure, target, verdict });
  console.log(`${verdict.padEnd(4)}  ${metric.padEnd(58)} ${figure.padStart(18)}   ${target}`);
}

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

async function bulkLoad(total: number) {
  const client = await pool.connect();
  try {
    const head = await client.query("SELECT head_seq::text AS seq, head_hash AS hash FROM audit_chain_head_locked()");
    let h: ChainHead = { seq: BigInt(head.rows[0].seq), hash: head.rows[0].hash };
    const have = Number(h.seq);
    if (have >= total) return { loaded: 0, seconds: 0 };
    // Spread over the last 365 days, increasing with seq.
    const end = Date.now() - 60_000;
    const start = end - 365 * 86_400_000;
    const step = (end - start) / total;
    const t0 = performance.now();
    const BATCH = 5000;
    for (let base = have; base < total; base += BATCH) {
      const n = Math.min(BATCH, total - base);
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
    return { loaded: total - have, seconds };
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
  const times: number[] = [];
  for (let i = 0; i < ITER; i++) {
    const t = performance.now();
    await listAuditEvents(db, filter, req);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const p95 = percentile(times, 95);
  report(
    `${label} (${got} rows) p95 [p50 ${percentile(times, 50).toFixed(1)} ms]`,
    `${p95.toFixed(1)} ms`,
    "≤ 30 ms",
    p95 <= 30,
  );
}

async function exportRate(label: string, q: Record<string, string>) {
  const filter = auditFilterSchema.parse(q);
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
  const rowsOut = lines - 1;
  report(
    `export CSV ${label}: ${rowsOut} rows, ${(bytes / 1e6).toFixed(0)} MB in ${s.toFixed(1)} s`,
    `${Math.round(rowsOut / s)} rows/s`,
    `streamed; RSS +${Math.round((peak - rss0) / 1e6)} MB`,
  );
  report(`  export CSV ${label} throughput`, `${(bytes / 1e6 / s).toFixed(1)} MB/s`);
}

async function main() {
  const settings = await pool.query(
    "SELECT version() AS v, current_setting('fsync') AS fsync, current_setting('synchronous_commit') AS sc, current_setting('shared_buffers') AS sb",
  );
  const s = settings.rows[0];
  const server = `${String(s.v).split(" on ")[0]}, fsync=${s.fsync}, synchronous_commit=${s.sc}, shared_buffers=${s.sb}`;
  console.log(`PostgreSQL: ${server}`);
  loadAtStart = loadavg()[0]!.toFixed(1);
  console.log(`Machine: ${cpus().length} cores, Node ${process.version}, 1-min load average ${loadAtStart}\n`);

  // 0. What this machine allows at all: a transaction with one statement and nothing written.
  report(
    "baseline: empty transactions, 1 connection (no audit)",
    `${Math.round(await bareTxRate(1, 2000))} tx/s`,
    "machine ceiling",
  );
  report(
    "baseline: empty transactions, 50 connections (no audit)",
    `${Math.round(await bareTxRate(50, 100))} tx/s`,
    "machine ceiling",
  );

  // 1. Appends through the service on an empty log.
  const single = await appendRate(1, 2000);
  report(
    "appends, 1 writer, 1 event/transaction (recordAudit)",
    `${Math.round(single)} ev/s`,
    "≥ 1,000 ev/s",
    single >= 1000,
  );
  const conc = await appendRate(50, 60);
  report("appends, 50 concurrent writers (recordAudit)", `${Math.round(conc)} ev/s`, "≥ 1,000 ev/s", conc >= 1000);
  const sql1 = await appendRateSql(1, 2000);
  report("appends, 1 writer, same append SQL over plain pg", `${Math.round(sql1)} ev/s`, "≥ 1,000 ev/s", sql1 >= 1000);
  const sql50 = await appendRateSql(50, 100);
  report(
    "appends, 50 writers, same append SQL over plain pg",
    `${Math.round(sql50)} ev/s`,
    "≥ 1,000 ev/s",
    sql50 >= 1000,
  );

  // 2. The million.
  const preloaded = Number((await pool.query("SELECT count(*)::int AS n FROM audit_event")).rows[0].n);
  console.log(`\nloading ${TOTAL} events…`);
  const load = await bulkLoad(TOTAL);
  if (load.loaded)
    report(`bulk load ${load.loaded} chained events (same triggers)`, `${Math.round(load.loaded / load.seconds)} ev/s`);
  const [{ count }] = (await pool.query("SELECT count(*)::int AS count FROM audit_event")).rows;
  const size = (await pool.query("SELECT pg_size_pretty(pg_total_relation_size('audit_event')) AS s")).rows[0].s;
  report("events in the log", `${count}`, `table + indexes ${size}`);

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

  // 5. Concurrency on top of the million, then verify everything.
  console.log("");
  const signingKey = "bench-signing-key-not-secret";
  const cp = await createCheckpoint(db, actor, { signingKey });
  const conc2 = await appendRate(50, 40);
  report(
    "appends, 50 concurrent writers on the 1M log (recordAudit)",
    `${Math.round(conc2)} ev/s`,
    "≥ 1,000 ev/s",
    conc2 >= 1000,
  );
  const sql2 = await appendRateSql(50, 100);
  report(
    "appends, 50 writers on the 1M log, append SQL over plain pg",
    `${Math.round(sql2)} ev/s`,
    "≥ 1,000 ev/s",
    sql2 >= 1000,
  );
  const partial = await verifyAuditChain(db, { signingKey, fromCheckpointId: cp.id });
  report(
    `chain after 50 writers: verify from signed checkpoint #${cp.seq} (${partial.checked} events)`,
    partial.ok ? "intact" : `BROKEN at #${partial.firstBreak?.seq}`,
    "intact",
    partial.ok,
  );
  const t0 = performance.now();
  const full = await verifyAuditChain(db, { signingKey });
  const vs = (performance.now() - t0) / 1000;
  report(
    `full verify from genesis: ${full.checked} events in ${vs.toFixed(1)} s`,
    full.ok ? "intact" : `BROKEN at #${full.firstBreak?.seq}`,
    "intact, names first break",
    full.ok,
  );
  report("  verify throughput", `${Math.round(full.checked / vs)} ev/s`);

  writeResults(server);
  await db.$disconnect();
  await pool.end();
  if (rows.some((r) => r.verdict === "FAIL")) process.exitCode = 1;
}

function writeResults(server: string) {
  const path = "bench/RESULTS.md";
  const section = [
    "## Audit",
    "",
    `Command: \`make audit-bench\` (= \`scripts/test/with-postgres.sh node --conditions=react-server --import tsx bench/audit/run.ts\`), ${TOTAL.toLocaleString("en")} events, ${ITER} timed iterations per query after 5 warm-ups.`,
    `Run: ${new Date().toISOString()} on ${cpus().length} cores, Node ${process.version}; ${server}.`,
    `The machine is shared: 1-min load average ${loadAtStart} at the start and ${loadavg()[0]!.toFixed(1)} at the end (on 2 cores), so latencies and rates include that contention.`,
    "Pages are timed through the service (`listAuditEvents` via Prisma + adapter-pg, as the API route calls it), 50 rows per page.",
    "Appends are one event per transaction, the chain lock held until commit. The baseline rows are empty transactions (no audit at all): they bound any one-event-per-transaction rate on this machine. The `append SQL over plain pg` rows send the identical append statement (`appendStatement`) without Prisma's interactive-transaction cost; the `recordAudit` rows are the real service path.",
    "",
    "| | metric | figure | target / note |",
    "|---|---|---|---|",
    ...rows.map((r) => `| ${r.verdict} | ${r.metric.trim()} | ${r.figure} | ${r.target} |`),
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
