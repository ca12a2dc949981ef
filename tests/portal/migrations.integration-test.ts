// No drift: applying every migration to an empty database yields exactly schema.prisma,
// on real PostgreSQL and on embedded PGlite — and the check notices when it does not.
import { PGlite } from "@electric-sql/pglite";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { afterAll, describe, expect, it } from "vitest";
import { pgConfigFromUrl } from "@/lib/db-adapter";
import { applyAll, databaseDrift, loadMigrationList, openSchemaEngine } from "@/lib/db-migrations/engine";
import { CharAsTextClient } from "@/lib/db-migrations/pg-introspection";

async function expectNoDriftThenDetectTampering(
  factory: SqlMigrationAwareDriverAdapterFactory,
  exec: (sql: string) => Promise<unknown>,
) {
  const engine = await openSchemaEngine(factory);
  try {
    const { migrationDirectories } = await loadMigrationList();
    const applied = await applyAll(engine);
    expect(applied).toEqual(migrationDirectories.map((m) => m.path));
    expect(await databaseDrift(engine)).toBe("");
    // Re-applying is a no-op, as with `prisma migrate deploy`.
    expect(await applyAll(engine)).toEqual([]);

    await exec('ALTER TABLE "promotion" DROP COLUMN "reason"');
    expect(await databaseDrift(engine)).toMatch(/"reason"/);
  } finally {
    engine.free();
  }
}

describe("migrations match schema.prisma", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups) await c();
  });

  it("on PGlite", async () => {
    const client = await PGlite.create();
    cleanups.push(() => client.close());
    const factory = new PrismaPGlite(client) as unknown as SqlMigrationAwareDriverAdapterFactory;
    await expectNoDriftThenDetectTampering(factory, (sql) => client.exec(sql));
  });

  it("on PostgreSQL", async () => {
    const url = process.env.DATABASE_URL_DRIFT;
    expect(url, "run under scripts/test/with-postgres.sh with PG_DATABASES=drift").toBeTruthy();
    const { PrismaPg } = await import("@prisma/adapter-pg");
    const factory = new PrismaPg({ ...pgConfigFromUrl(url!), Client: CharAsTextClient });
    const client = new pg.Client(pgConfigFromUrl(url!));
    await client.connect();
    cleanups.push(() => client.end());
    await expectNoDriftThenDetectTampering(factory, (sql) => client.query(sql));
  });

  it("records _prisma_migrations the way `prisma migrate deploy` does", async () => {
    const client = new pg.Client(pgConfigFromUrl(process.env.DATABASE_URL_DRIFT!));
    await client.connect();
    cleanups.push(() => client.end());
    const { rows } = await client.query(
      "SELECT migration_name, checksum, finished_at, applied_steps_count FROM _prisma_migrations ORDER BY migration_name",
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(r.finished_at).toBeInstanceOf(Date);
      expect(r.migration_name).toMatch(/^\d{14}_[a-z0-9_]+$/);
    }
  });
});
