// Chooses the Prisma driver adapter: PostgreSQL (adapter-pg) when DATABASE_URL is set,
// else the embedded PGlite database under PGLITE_DIR. Shared by the app and the migrator.
import { mkdirSync } from "node:fs";
import type { PGlite } from "@electric-sql/pglite";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type { ServerEnv } from "./env";

/**
 * pg config object from a URL. PrismaPg needs an object (not a string): with a connection
 * string its shadow database silently points at the main one (measured, see DESIGN.md).
 */
export function pgConfigFromUrl(url: string) {
  const u = new URL(url);
  return {
    host: decodeURIComponent(u.hostname) || "localhost",
    port: u.port ? Number(u.port) : 5432,
    user: decodeURIComponent(u.username) || undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    database: decodeURIComponent(u.pathname.replace(/^\//, "")) || undefined,
    ssl: u.searchParams.get("sslmode") === "require" ? { rejectUnauthorized: false } : undefined,
    max: Number(u.searchParams.get("connection_limit") ?? 10),
  };
}

export type AdapterHandle = {
  kind: "postgres" | "pglite";
  factory: SqlMigrationAwareDriverAdapterFactory;
  /** The embedded instance (pglite only): the job queue shares it, one PGlite per data directory. */
  pglite?: PGlite;
  close(): Promise<void>;
};

export async function createAdapter(env: Pick<ServerEnv, "DATABASE_URL" | "PGLITE_DIR">): Promise<AdapterHandle> {
  if (env.DATABASE_URL) {
    const { PrismaPg } = await import("@prisma/adapter-pg");
    const factory = new PrismaPg(pgConfigFromUrl(env.DATABASE_URL));
    return { kind: "postgres", factory, close: async () => {} };
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const { PrismaPGlite } = await import("pglite-prisma-adapter");
  const inMemory = env.PGLITE_DIR.startsWith("memory://");
  if (!inMemory) mkdirSync(env.PGLITE_DIR, { recursive: true });
  const client = inMemory ? await PGlite.create() : await PGlite.create(env.PGLITE_DIR);
  const factory = new PrismaPGlite(client) as unknown as SqlMigrationAwareDriverAdapterFactory;
  return { kind: "pglite", factory, pglite: client, close: () => client.close() };
}
