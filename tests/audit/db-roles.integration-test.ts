// The audit log against the database's own users (real PostgreSQL from with-postgres.sh). The
// portal logs in as a member of nura_app: it can append and read the audit tables and nothing
// more — no UPDATE, DELETE, TRUNCATE, no disabling triggers, no bypassing them. And even the owner
// cannot append an event whose hash does not cover its content, or a checkpoint that no event backs.
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pgConfigFromUrl } from "@/lib/db-adapter";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { recordAudit } from "@/lib/server/audit";
import { actor, databaseUrl, openAttacker, resetAudit } from "./support";

const PORTAL_USER = "nura_portal_test";
let owner: pg.Client;
let portal: pg.Client;
let portalDb: PrismaClient;

beforeAll(async () => {
  owner = await openAttacker();
  await resetAudit(owner);
  await owner.query(`DROP ROLE IF EXISTS ${PORTAL_USER}`);
  // What the README asks of an operator: a login user that is a member of nura_app.
  await owner.query(`CREATE ROLE ${PORTAL_USER} LOGIN IN ROLE nura_app`);
  const cfg = { ...pgConfigFromUrl(databaseUrl()), user: PORTAL_USER, password: undefined };
  portal = new pg.Client(cfg);
  await portal.connect();
  portalDb = new PrismaClient({ adapter: new PrismaPg({ ...cfg, max: 2 }) });
});
afterAll(async () => {
  await portalDb?.$disconnect();
  await portal?.end();
  await owner?.query(`DROP OWNED BY ${PORTAL_USER}`).catch(() => {});
  await owner?.query(`DROP ROLE IF EXISTS ${PORTAL_USER}`).catch(() => {});
  await owner?.end();
});

const refused = (sql: string) =>
  portal.query(sql).then(
    () => "allowed",
    (e: Error) => e.message,
  );

describe("the portal's database role", () => {
  it("appends and reads audit events through recordAudit", async () => {
    await portalDb.$transaction((tx) =>
      recordAudit(tx, { action: "config.changed", actor: actor(), details: { n: 1 } }),
    );
    const { rows } = await portal.query("SELECT count(*)::int AS n FROM audit_event");
    expect(rows[0].n).toBe(1);
  });

  it("works with its own tables as usual", async () => {
    expect(await refused('UPDATE "user" SET name = name WHERE false')).toBe("allowed");
    expect(await refused("DELETE FROM sign_in_throttle WHERE false")).toBe("allowed");
  });

  it.each([
    ["UPDATE", "UPDATE audit_event SET action = 'x'"],
    ["DELETE", "DELETE FROM audit_event"],
    ["TRUNCATE", "TRUNCATE audit_event"],
    ["UPDATE a checkpoint", "UPDATE audit_checkpoint SET hash = 'x'"],
    ["DELETE a checkpoint", "DELETE FROM audit_checkpoint"],
    ["TRUNCATE checkpoints", "TRUNCATE audit_checkpoint"],
  ])("cannot %s (permission denied, before any trigger runs)", async (_, sql) => {
    expect(await refused(sql)).toMatch(/permission denied/);
  });

  it.each([
    ["disable a trigger", "ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update"],
    ["disable every trigger", "ALTER TABLE audit_event DISABLE TRIGGER ALL"],
    ["drop a trigger", "DROP TRIGGER audit_event_guard_insert ON audit_event"],
    [
      "replace the guard function",
      "CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE sql AS 'SELECT NULL'",
    ],
  ])("cannot %s (it owns nothing)", async (_, sql) => {
    expect(await refused(sql)).toMatch(/must be owner|permission denied/);
  });

  it("cannot bypass triggers with session_replication_role", async () => {
    expect(await refused("SET session_replication_role = replica")).toMatch(/permission denied/);
  });

  it("cannot apply migrations or rewrite their record", async () => {
    expect(await refused("SELECT count(*) FROM _prisma_migrations")).toBe("allowed");
    expect(await refused("DELETE FROM _prisma_migrations")).toMatch(/permission denied/);
    expect(await refused("CREATE TABLE evil (x int)")).toMatch(/permission denied/);
  });
});

describe("the insert triggers, for every writer", () => {
  it("refuse an event whose hash does not cover its content, even from the owner", async () => {
    const { rows } = await owner.query("SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1");
    const head = rows[0] as { seq: string; hash: string };
    const forged = `INSERT INTO audit_event (seq, id, occurred_at, action, outcome, details, prev_hash, hash)
      VALUES ($1, gen_random_uuid(), now(), 'config.changed', 'success', '{}'::jsonb, $2, $3)`;
    await expect(owner.query(forged, [Number(head.seq) + 1, head.hash, "a".repeat(64)])).rejects.toThrow(
      /content hashes to/,
    );
    // The hash the trigger expects is exactly the portal's canonical one: a correct row is accepted.
    await portalDb.$transaction((tx) =>
      recordAudit(tx, {
        action: "config.changed",
        actor: actor("Émile@Nura.Example"),
        details: {
          big: 2 ** 60,
          tiny: 1.5e-7,
          huge: 1e21,
          neg: -0.25,
          list: [true, null, "🚀"],
          nested: { b: 1, a: 2 },
        },
      }),
    );
  });

  it("refuse a checkpoint that no event backs", async () => {
    const { rows } = await owner.query("SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1");
    const head = rows[0] as { seq: string; hash: string };
    const insert = "INSERT INTO audit_checkpoint (id, seq, hash, created_at) VALUES (gen_random_uuid(), $1, $2, now())";
    await expect(portal.query(insert, [head.seq, "b".repeat(64)])).rejects.toThrow(/claims hash/);
    await expect(portal.query(insert, [Number(head.seq) + 5, head.hash])).rejects.toThrow(/no event/);
    await expect(portal.query(insert, [head.seq, head.hash])).resolves.toBeTruthy();
  });
});
