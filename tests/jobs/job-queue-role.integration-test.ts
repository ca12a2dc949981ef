// The job queue under the portal's own database role (real PostgreSQL from with-postgres.sh):
// the portal logs in as a member of nura_app, which owns nothing and may not create schemas;
// migrations run as the owner. pg-boss installs its tables on first start, migrates them on an
// upgrade and adds a partition per queue, so this test starts it on a database where it was never
// installed — as a fresh production database is after `prisma migrate deploy` — and makes it do
// its work: create the queues, enqueue in a Prisma transaction, run a job. It fails if any of that
// needs the owner's rights at runtime.

import { readFileSync } from "node:fs";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { pgConfigFromUrl } from "@/lib/db-adapter";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { JobQueue } from "@/lib/server/jobs/queue";
import { clearJobRegistry, registerJob } from "@/lib/server/jobs/registry";
import { databaseUrl, openAttacker } from "../audit/support";

const PORTAL_USER = "nura_portal_jobs_test";
let owner: pg.Client;
let portalDb: PrismaClient;
let queue: JobQueue | null = null;
const ran: number[] = [];

// A database of its own (nura_app is cluster-wide): other suites' pg-boss install stays untouched.
const DATABASE = `nura_jobs_role_${process.pid}`;
function urlOf(user: string | null): string {
  const u = new URL(databaseUrl());
  u.pathname = `/${DATABASE}`;
  if (user) {
    u.username = user;
    u.password = "";
  }
  return u.toString();
}
const portalUrl = () => urlOf(PORTAL_USER);

beforeAll(async () => {
  const admin = await openAttacker();
  await admin.query(`DROP DATABASE IF EXISTS ${DATABASE}`);
  await admin.query(`CREATE DATABASE ${DATABASE}`);
  await admin.query(`DROP ROLE IF EXISTS ${PORTAL_USER}`);
  // What the README asks of an operator: a login user that is a member of nura_app, nothing more.
  await admin.query(`CREATE ROLE ${PORTAL_USER} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE IN ROLE nura_app`);
  await admin.end();
  owner = new pg.Client(pgConfigFromUrl(urlOf(null)));
  await owner.connect();
  // The migration that prepares the queue's schema, as `prisma migrate deploy` runs it (the owner),
  // on a database pg-boss was never started on — a fresh production database.
  await owner.query(
    readFileSync("prisma/migrations/20261201172500_job_queue_schema_for_nura_app/migration.sql", "utf8"),
  );
  portalDb = new PrismaClient({ adapter: new PrismaPg({ ...pgConfigFromUrl(portalUrl()), max: 2 }) });
  clearJobRegistry();
  registerJob("test.role", z.object({ n: z.number() }), async ({ n }) => {
    ran.push(n);
  });
});
afterAll(async () => {
  await queue?.stop(2000);
  await portalDb?.$disconnect();
  await owner?.end();
  const admin = await openAttacker();
  await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`).catch(() => {});
  await admin.query(`DROP ROLE IF EXISTS ${PORTAL_USER}`).catch(() => {});
  await admin.end();
});

describe("the job queue as the portal's role (member of nura_app)", () => {
  it("the role may not create schemas: what pg-boss needs is prepared by the migration", async () => {
    const portal = new pg.Client(pgConfigFromUrl(portalUrl()));
    await portal.connect();
    try {
      await expect(portal.query("CREATE SCHEMA nura_app_may_not")).rejects.toThrow(/permission denied/);
      const { rows } = await portal.query(
        "SELECT current_user AS u, rolsuper FROM pg_roles WHERE rolname = current_user",
      );
      expect(rows[0]).toEqual({ u: PORTAL_USER, rolsuper: false });
    } finally {
      await portal.end();
    }
  });

  it("installs pg-boss, creates its queues, enqueues in a Prisma transaction and runs the job", async () => {
    queue = await JobQueue.open({ kind: "postgres", url: portalUrl() }, { pollingIntervalSeconds: 0.5 });
    const id = await portalDb.$transaction((tx) => queue!.enqueue(tx, "test.role", { n: 7 }));
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await queue.startWorkers();
    const end = Date.now() + 30_000;
    while (!ran.includes(7) && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    expect(ran).toContain(7);
    // The tables are the portal user's, inside the schema the migration made: nothing of public.
    const { rows } = await owner.query("SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'pgboss'");
    expect(rows.map((r) => r.tableowner)).toEqual([PORTAL_USER]);
  });

  it("a second start (another pod, a restart) finds the install and starts again", async () => {
    const again = await JobQueue.open({ kind: "postgres", url: portalUrl() }, { pollingIntervalSeconds: 0.5 });
    await again.stop(2000);
  });
});
