import "server-only";
// Reading the audit log: filters (zod-parsed from the query string), keyset pagination on seq
// (constant cost at any depth: every page is an index range scan from the cursor), and a
// batched reader that export and verify use to walk millions of rows in O(batch) memory.
import { z } from "zod";
import { AUDIT_ACTION_NAMES, AUDIT_OUTCOMES, AUDIT_TARGET_TYPES, isAuditAction } from "@/lib/domain/audit-actions";
import type { ChainedAuditEvent, JsonValue } from "@/lib/domain/audit-chain";
import { Prisma } from "@/lib/generated/prisma/client";
import type { AuditEventDto, AuditTx } from "./types";

const INT8_MAX = 9223372036854775807n;
const seqCursor = z
  .string()
  .regex(/^\d{1,19}$/, "must be an event sequence number")
  // zod runs every check even after the regex failed, so the refinement re-tests the shape before BigInt().
  .refine(
    (s) => !/^\d{1,19}$/.test(s) || BigInt(s) <= INT8_MAX,
    "must be an event sequence number (at most 9223372036854775807)",
  );
const name = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, "must be a name like prod or nura-core");
// Free text a filter compares with: PostgreSQL text cannot hold NUL, so it is refused here (400)
// rather than reaching the database (500).
// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const filterText = (max: number) =>
  z
    .string()
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !CONTROL.test(s), "must not contain control characters such as NUL");

const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/**
 * An ISO date or date-time whose every field is in range: 2026-02-30 or 24:00 is refused, not rolled
 * over into March; years outside 1970–9999 are refused (the log has nothing earlier, and PostgreSQL
 * has no year 0). No zone designator means UTC (the page's datetime-local inputs are labelled UTC).
 */
export function parseFilterTime(s: string): Date | string {
  const m = ISO_DATE_TIME.exec(s);
  if (!m) return "must be an ISO date or date-time, e.g. 2026-11-26 or 2026-11-26T08:00:00Z";
  const [, y, mo, d, h = "00", mi = "00", sec = "00", zone] = m;
  const year = Number(y);
  const month = Number(mo);
  if (year < 1970 || year > 9999) return "must be a year between 1970 and 9999";
  if (month < 1 || month > 12) return "is not a valid date (no such month)";
  if (Number(d) < 1 || Number(d) > daysIn(year, month))
    return `is not a valid date (${y}-${mo} has ${daysIn(year, month)} days)`;
  if (Number(h) > 23 || Number(mi) > 59 || Number(sec) > 59) return "is not a valid time of day";
  if (zone && zone !== "Z") {
    const [oh, om] = [Number(zone.slice(1, 3)), Number(zone.slice(-2))];
    if (oh > 14 || om > 59) return "has an impossible UTC offset";
  }
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${sec}${s.match(/\.\d{1,6}/)?.[0] ?? ""}${zone ?? "Z"}`;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? "is not a valid date" : date;
}

const time = z
  .string()
  .regex(ISO_DATE_TIME, "must be an ISO date or date-time, e.g. 2026-11-26 or 2026-11-26T08:00:00Z")
  .transform((s, ctx) => {
    const d = parseFilterTime(s);
    if (typeof d === "string") {
      ctx.addIssue({ code: "custom", message: d });
      return z.NEVER;
    }
    return d;
  });

export const auditFilterSchema = z
  .object({
    actor: filterText(320).trim().toLowerCase().min(1).optional(),
    action: filterText(2000)
      .optional()
      .transform((s, ctx) => {
        if (!s) return undefined;
        const list = [
          ...new Set(
            s
              .split(",")
              .map((a) => a.trim())
              .filter(Boolean),
          ),
        ];
        const bad = list.find((a) => !isAuditAction(a));
        if (bad) {
          ctx.addIssue({ code: "custom", message: `"${bad}" is not an audit action` });
          return z.NEVER;
        }
        return list.length ? list : undefined;
      }),
    environment: name.optional(),
    application: name.optional(),
    outcome: z.enum(AUDIT_OUTCOMES, { error: `must be one of ${AUDIT_OUTCOMES.join(", ")}` }).optional(),
    from: time.optional(),
    to: time.optional(),
    q: filterText(200).trim().optional(),
    targetType: z.enum(AUDIT_TARGET_TYPES, { error: `must be one of ${AUDIT_TARGET_TYPES.join(", ")}` }).optional(),
    targetId: filterText(200).min(1).optional(),
    correlationId: filterText(200).min(1).optional(),
  })
  .refine((f) => !(f.from && f.to) || f.from < f.to, { path: ["from"], message: "must be before to" })
  .refine((f) => !f.targetId || f.targetType, { path: ["targetType"], message: "is required with targetId" });

export type AuditFilter = Partial<z.output<typeof auditFilterSchema>>;

export const auditPageSchema = z
  .object({
    before: seqCursor.optional(),
    after: seqCursor.optional(),
    limit: z.coerce
      .number({ error: "must be a number" })
      .int("must be a whole number")
      .min(1, "must be at least 1")
      .max(200, "must be at most 200")
      .default(50),
  })
  .refine((p) => !(p.before && p.after), { path: ["after"], message: "cannot be combined with before" });

export type AuditPageRequest = z.output<typeof auditPageSchema>;

/** Filter keys as the query string names them (the page, the API and export share them). */
export const AUDIT_FILTER_KEYS = [
  "actor",
  "action",
  "environment",
  "application",
  "outcome",
  "from",
  "to",
  "q",
  "targetType",
  "targetId",
  "correlationId",
] as const;

/** Every query key the audit list reads: the filters and the page. */
export const AUDIT_QUERY_KEYS = [...AUDIT_FILTER_KEYS, "before", "after", "limit"] as const;

/** Picks filter keys out of URLSearchParams or a Next searchParams record; empty values are unset. */
export function filterInput(params: URLSearchParams | Record<string, string | string[] | undefined>) {
  const get = (k: string) => {
    const v = params instanceof URLSearchParams ? params.get(k) : params[k];
    const s = Array.isArray(v) ? v.join(",") : v;
    return s === null || s === undefined || s.trim() === "" ? undefined : s;
  };
  return Object.fromEntries(AUDIT_QUERY_KEYS.map((k) => [k, get(k)]).filter(([, v]) => v !== undefined)) as Record<
    string,
    string
  >;
}

/** A LIKE pattern matching values that start with `s` (its own %, _ and \\ taken literally). */
export function likePrefix(s: string): string {
  return `${s.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

/**
 * A tsquery (for to_tsquery('simple', …)) matching lexemes that start with each part of `word`, so a
 * short SHA finds the full one and "nura-por" finds "nura-portal" (its parts are indexed too). Only
 * letters and digits reach the query text: the tsquery syntax characters cannot be injected.
 */
export function prefixTsQuery(word: string): string | null {
  const parts = word
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  // Parts must follow each other (<->): "nura-u" is nura then u…, as in "nura-ui", not any "nura"
  // anywhere plus any word starting with u. PostgreSQL indexes a hyphenated word's parts at
  // consecutive positions after the whole word, so the phrase finds them.
  return parts.length ? parts.map((p) => `${p}:*`).join(" <-> ") : null;
}

/** The columns the table shows that a search word may start, each with a prefix index (see below). */
const SEARCH_COLUMNS = ["application", "environment", "target_id", "actor_email", "action"] as const;

/**
 * `col ILIKE 'word%'` that an index can answer. A LIKE pattern is only turned into an index range when
 * the planner sees it as a constant, which a bind parameter is not under a generic plan, so the range
 * is spelled out: lower(col) in C order between lower(word) and lower(word) || U+10FFFF, on the
 * `(lower(col) COLLATE "C")` indexes of migration audit_search_prefix_indexes. The ILIKE stays as the
 * exact test (the range only narrows the rows it sees), so what matches is what matched before, except
 * a value whose text after the prefix starts with the non-character U+10FFFF.
 */
function columnPrefix(column: (typeof SEARCH_COLUMNS)[number], word: string, like: string): Prisma.Sql {
  const key = Prisma.sql`(lower(${Prisma.raw(column)}) COLLATE "C")`;
  return Prisma.sql`(${key} >= lower(${word}::text) AND ${key} < (lower(${word}::text) || chr(1114111)) AND ${Prisma.raw(column)} ILIKE ${like})`;
}

/**
 * What "search" means on the audit page: every word must be found in the details (by word prefix) or
 * start one of the columns the table shows (application, environment, target, actor, action). Every
 * arm has an index, so the planner can BitmapOr them: a rare term costs its few matches, not a walk of
 * the log by seq until 50 rows are found.
 */
function searchClause(q: string): Prisma.Sql | null {
  const words = q.split(/\s+/).filter(Boolean).slice(0, 8);
  const clauses = words.map((w) => {
    const like = likePrefix(w);
    const ts = prefixTsQuery(w);
    const columns = [
      ...SEARCH_COLUMNS.map((column) => columnPrefix(column, w, like)),
      ...(ts ? [Prisma.sql`search @@ to_tsquery('simple'::regconfig, ${ts})`] : []),
    ];
    return Prisma.sql`(${Prisma.join(columns, " OR ")})`;
  });
  return clauses.length ? Prisma.join(clauses, " AND ") : null;
}

/** Actor: an e-mail prefix ("ana@", "ana@nura.local") or a name prefix of any word ("Diego", "Approver"). */
function actorClause(actor: string): Prisma.Sql {
  const like = likePrefix(actor);
  return Prisma.sql`(actor_email ILIKE ${like} OR actor_id IN (
    SELECT id::text FROM "user" WHERE lower(name) LIKE ${like} OR lower(name) LIKE ${`% ${like}`}))`;
}

export function whereClause(f: AuditFilter, extra: Prisma.Sql[] = []): Prisma.Sql {
  const c: Prisma.Sql[] = [];
  if (f.actor) c.push(actorClause(f.actor));
  if (f.action?.length === 1) c.push(Prisma.sql`action = ${f.action[0]}`);
  else if (f.action) c.push(Prisma.sql`action IN (${Prisma.join(f.action)})`);
  if (f.environment) c.push(Prisma.sql`environment = ${f.environment}`);
  if (f.application) c.push(Prisma.sql`application = ${f.application}`);
  if (f.outcome) c.push(Prisma.sql`outcome = ${f.outcome}`);
  if (f.from) c.push(Prisma.sql`occurred_at >= ${f.from}`);
  if (f.to) c.push(Prisma.sql`occurred_at < ${f.to}`);
  // search = jsonb_to_tsvector('simple', details, '["string","numeric"]'), set by the insert trigger.
  const search = f.q ? searchClause(f.q) : null;
  if (search) c.push(search);
  if (f.targetType) c.push(Prisma.sql`target_type = ${f.targetType}`);
  if (f.targetId) c.push(Prisma.sql`target_id = ${f.targetId}`);
  if (f.correlationId) c.push(Prisma.sql`correlation_id = ${f.correlationId}`);
  c.push(...extra);
  return c.length ? Prisma.sql`WHERE ${Prisma.join(c, " AND ")}` : Prisma.empty;
}

const COLUMNS = Prisma.raw(
  "seq, id::text AS id, occurred_at, actor_id, actor_email, actor_role, actor_ip, user_agent, action, outcome, environment, application, target_type, target_id, correlation_id, details, prev_hash, hash",
);

type Row = {
  seq: bigint;
  id: string;
  occurred_at: Date;
  actor_id: string | null;
  actor_email: string | null;
  actor_role: string | null;
  actor_ip: string | null;
  user_agent: string | null;
  action: string;
  outcome: string;
  environment: string | null;
  application: string | null;
  target_type: string | null;
  target_id: string | null;
  correlation_id: string | null;
  details: JsonValue;
  prev_hash: string;
  hash: string;
};

function toChained(r: Row): ChainedAuditEvent {
  return {
    seq: BigInt(r.seq),
    id: r.id,
    occurredAt: r.occurred_at,
    actorId: r.actor_id,
    actorEmail: r.actor_email,
    actorRole: r.actor_role,
    actorIp: r.actor_ip,
    userAgent: r.user_agent,
    action: r.action,
    outcome: r.outcome,
    environment: r.environment,
    application: r.application,
    targetType: r.target_type,
    targetId: r.target_id,
    correlationId: r.correlation_id,
    details: r.details,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

export function toDto(e: ChainedAuditEvent): AuditEventDto {
  return { ...e, seq: e.seq.toString(), occurredAt: e.occurredAt.toISOString() };
}

export type AuditPage = {
  events: AuditEventDto[];
  /** Cursor for the next (older) page, or null on the last page. */
  older: string | null;
  /** Cursor for the previous (newer) page, or null on the first page. */
  newer: string | null;
};

/**
 * How many of the newest rows (from the cursor) a search tests in seq order before it asks the indexes.
 * A frequent term ("prod", "nura") has its page in there, where walking by seq is cheapest (a bitmap of
 * every prod event would cost far more); a rare one (a commit SHA) is answered by the indexes instead.
 */
const SEARCH_WINDOW = 3000n;
/** Beyond the window, a rest at most this many windows long is still walked by seq (cheaper than every index match). */
const SEARCH_WALK_WINDOWS = 5n;

/**
 * Up to `limit` rows matching `filter` beyond the seq `cursor` (exclusive; null: from the newest), in
 * `dir` seq order. Without a search this is one keyset query. With one,
 * PostgreSQL cannot tell a rare term from a frequent one (it guesses about 2% for any prefix tsquery), so
 * it would walk the whole log by seq for a SHA: the window is walked by seq, and the rest, beyond it,
 * is sorted by `seq + 0`, which no index provides, so the planner collects the few matches from the
 * indexes (BitmapOr of every search arm) and sorts them. A short rest (a cursor near the start of the
 * log) is walked by seq: its cost is bounded, while the indexes would hand over every match of a
 * frequent word of a multi-word search.
 */
async function matchingRows(
  db: AuditTx,
  filter: AuditFilter,
  dir: "asc" | "desc",
  cursor: bigint | null,
  limit: number,
  window: bigint,
): Promise<Row[]> {
  const order = dir === "asc" ? Prisma.sql`ASC` : Prisma.sql`DESC`;
  const select = (bounds: Prisma.Sql[], key: Prisma.Sql, n: number) =>
    db.$queryRaw<Row[]>`SELECT ${COLUMNS} FROM audit_event ${whereClause(filter, bounds)}
      ORDER BY ${key} ${order} LIMIT ${n}`;
  // The seq range read in seq order, the filter tested on each row: OFFSET 0 keeps the planner from
  // pushing the filter into the scan, where it would again take every index match of a frequent word.
  const walk = (bounds: Prisma.Sql[], n: number) =>
    db.$queryRaw<Row[]>`SELECT ${COLUMNS} FROM (SELECT * FROM audit_event WHERE ${Prisma.join(bounds, " AND ")}
      ORDER BY seq ${order} OFFSET 0) audit_event ${whereClause(filter)} ORDER BY seq ${order} LIMIT ${n}`;
  const beyondCursor = (from: bigint) => (dir === "asc" ? Prisma.sql`seq > ${from}` : Prisma.sql`seq < ${from}`);
  if (!filter.q || !searchClause(filter.q))
    return select(cursor === null ? [] : [beyondCursor(cursor)], Prisma.sql`seq`, limit);
  // seq is dense (the chain numbers every event), so the window is `window` rows.
  const head = (await readHead(db)).seq;
  const from = cursor ?? head + 1n;
  const beyond = beyondCursor(from);
  // At most INT8_MAX: a cursor near the largest seq the API accepts must not push the edge past bigint.
  const edge = dir === "asc" ? (from + window < INT8_MAX ? from + window : INT8_MAX) : from - window;
  const inWindow = dir === "asc" ? Prisma.sql`seq <= ${edge}` : Prisma.sql`seq >= ${edge}`;
  const rows = await walk([beyond, inWindow], limit);
  if (rows.length >= limit) return rows;
  const rest = dir === "asc" ? Prisma.sql`seq > ${edge}` : Prisma.sql`seq < ${edge}`;
  const short = (dir === "asc" ? head - edge : edge - 1n) <= SEARCH_WALK_WINDOWS * window;
  const more = limit - rows.length;
  return [...rows, ...(await (short ? walk([rest], more) : select([rest], Prisma.sql`seq + 0`, more)))];
}

/**
 * One page, newest first. `before`/`after` are seq cursors; cost is independent of depth. `searchWindow`
 * is for tests only: a small one makes a short log cross the window, the index path and the short walk.
 */
export async function listAuditEvents(
  db: AuditTx,
  filter: AuditFilter,
  page: AuditPageRequest,
  searchWindow: bigint = SEARCH_WINDOW,
): Promise<AuditPage> {
  const n = page.limit;
  if (page.after) {
    const rows = await matchingRows(db, filter, "asc", BigInt(page.after), n + 1, searchWindow);
    const hasNewer = rows.length > n;
    const events = rows.slice(0, n).reverse().map(toChained).map(toDto);
    return { events, older: events.at(-1)?.seq ?? null, newer: hasNewer ? (events[0]?.seq ?? null) : null };
  }
  const rows = await matchingRows(db, filter, "desc", page.before ? BigInt(page.before) : null, n + 1, searchWindow);
  const hasOlder = rows.length > n;
  const events = rows.slice(0, n).map(toChained).map(toDto);
  return {
    events,
    older: hasOlder ? (events.at(-1)?.seq ?? null) : null,
    newer: page.before ? (events[0]?.seq ?? null) : null,
  };
}

/** The audit trail of one promotion or infra run, oldest first (for its own page). */
export async function auditTrail(db: AuditTx, targetType: "promotion" | "infra_run", targetId: string, limit = 500) {
  const rows = await db.$queryRaw<Row[]>`
    SELECT ${COLUMNS} FROM audit_event WHERE target_type = ${targetType} AND target_id = ${targetId}
    ORDER BY seq ASC LIMIT ${limit}`;
  return rows.map(toChained).map(toDto);
}

export async function getAuditEvent(db: AuditTx, seq: bigint): Promise<ChainedAuditEvent | null> {
  const rows = await db.$queryRaw<Row[]>`SELECT ${COLUMNS} FROM audit_event WHERE seq = ${seq}`;
  return rows[0] ? toChained(rows[0]) : null;
}

/** The current head (no lock): highest seq and its hash, or seq 0 when empty. */
export async function readHead(db: AuditTx): Promise<{ seq: bigint; hash: string | null }> {
  const rows = await db.$queryRaw<{ seq: bigint; hash: string }[]>`
    SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1`;
  return rows[0] ? { seq: BigInt(rows[0].seq), hash: rows[0].hash } : { seq: 0n, hash: null };
}

/**
 * Walks matching events in ascending seq order in batches (keyset), yielding each batch.
 * Memory stays O(batchSize) however many rows match.
 */
export async function* scanAuditEvents(
  db: AuditTx,
  opts: { filter?: AuditFilter; afterSeq?: bigint; upToSeq?: bigint; batchSize?: number },
): AsyncGenerator<ChainedAuditEvent[]> {
  const batch = opts.batchSize ?? 2000;
  let cursor = opts.afterSeq ?? 0n;
  for (;;) {
    const bounds = [Prisma.sql`seq > ${cursor}`];
    if (opts.upToSeq !== undefined) bounds.push(Prisma.sql`seq <= ${opts.upToSeq}`);
    const rows = await db.$queryRaw<Row[]>`
      SELECT ${COLUMNS} FROM audit_event ${whereClause(opts.filter ?? {}, bounds)}
      ORDER BY seq ASC LIMIT ${batch}`;
    if (rows.length === 0) return;
    const events = rows.map(toChained);
    yield events;
    cursor = events.at(-1)!.seq;
    if (rows.length < batch) return;
  }
}

export const AUDIT_ACTION_OPTIONS = AUDIT_ACTION_NAMES;
