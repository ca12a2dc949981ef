// Migrations without Prisma's native schema engine (which cannot be downloaded here):
// the same engine compiled to WASM, driven through a driver adapter. It writes
// `_prisma_migrations` exactly like `prisma migrate deploy`, so production may use either.
// Needs `node --experimental-wasm-modules` (the package imports its .wasm as a module).
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";

export const SCHEMA_PATH = path.resolve("prisma/schema.prisma");
export const MIGRATIONS_DIR = path.resolve("prisma/migrations");

type Engine = {
  diff(params: unknown): Promise<{ exitCode: number; stdout: string | null }>;
  applyMigrations(input: unknown): Promise<{ appliedMigrationNames: string[] }>;
  diagnoseMigrationHistory(input: unknown): Promise<{
    editedMigrationNames: string[];
    failedMigrationNames: string[];
    hasMigrationsTable: boolean;
    history: { diagnostic: string; unappliedMigrationNames?: string[] } | null;
  }>;
  free(): void;
};

export async function openSchemaEngine(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  log: (line: string) => void = () => {},
): Promise<Engine> {
  const { SchemaEngine } = await import("@prisma/schema-engine-wasm");
  const schema = await readFile(SCHEMA_PATH, "utf8");
  return (await SchemaEngine.new(
    { datamodels: [[SCHEMA_PATH, schema]] },
    (message: string) => log(message),
    bindMigrationAwareSqlAdapterFactory(adapterFactory),
  )) as unknown as Engine;
}

/** The migrations folder in the engine's input format. */
export async function loadMigrationList(dir = MIGRATIONS_DIR) {
  let names: string[] = [];
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    names = entries
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
  } catch {
    // no migrations yet
  }
  const migrationDirectories = await Promise.all(
    names.map(async (name) => {
      const sqlPath = path.join(dir, name, "migration.sql");
      const content = await readFile(sqlPath, "utf8").then(
        (value) => ({ tag: "ok" as const, value }),
        (err: Error) => ({ tag: "error" as const, value: err.message }),
      );
      return { path: name, migrationFile: { path: "migration.sql", content } };
    }),
  );
  const lockPath = path.join(dir, "migration_lock.toml");
  const lockContent = await readFile(lockPath, "utf8").catch(() => null);
  return {
    baseDir: dir,
    lockfile: { path: lockPath, content: lockContent },
    shadowDbInitScript: "",
    migrationDirectories,
  };
}

export const noFilter = { externalTables: [], externalEnums: [] };

/** SQL that brings the migrations folder up to schema.prisma ("" when there is nothing to do). */
export async function pendingSchemaChange(engine: Engine): Promise<string> {
  const schema = await readFile(SCHEMA_PATH, "utf8");
  const migrations = await loadMigrationList();
  const result = await engine.diff({
    // The engine cannot read a folder without migration_lock.toml, so the first diff is from empty.
    from: migrations.migrationDirectories.length ? { tag: "migrations", ...migrations } : { tag: "empty" },
    to: { tag: "schemaDatamodel", files: [{ path: SCHEMA_PATH, content: schema }] },
    script: true,
    exitCode: true,
    filters: noFilter,
  });
  const sql = result.stdout ?? "";
  return /^\s*(--[^\n]*\n\s*)*-- This is an empty migration\.?\s*$/.test(sql) || sql.trim() === "" ? "" : sql;
}

/** SQL that brings the live database up to schema.prisma (drift check after applying). */
export async function databaseDrift(engine: Engine): Promise<string> {
  const schema = await readFile(SCHEMA_PATH, "utf8");
  const result = await engine.diff({
    from: { tag: "schemaDatasource", files: [{ path: SCHEMA_PATH, content: schema }], configDir: path.resolve(".") },
    to: { tag: "schemaDatamodel", files: [{ path: SCHEMA_PATH, content: schema }] },
    script: true,
    exitCode: true,
    filters: noFilter,
  });
  const sql = result.stdout ?? "";
  return /-- This is an empty migration/.test(sql) || sql.trim() === "" ? "" : sql;
}

export async function applyAll(engine: Engine): Promise<string[]> {
  const out = await engine.applyMigrations({
    migrationsList: await loadMigrationList(),
    filters: noFilter,
  });
  return out.appliedMigrationNames;
}
