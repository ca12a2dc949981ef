import "server-only";
// The Prisma client: PostgreSQL (adapter-pg) when DATABASE_URL is set, else embedded PGlite.
// One instance per process (kept on globalThis so dev hot reloads don't open new pools).
import { type AdapterHandle, createAdapter } from "./db-adapter";
import { getEnv } from "./env";
import { PrismaClient } from "./generated/prisma/client";

export type Db = PrismaClient;
/** A client or an interactive transaction: services take this so callers can compose. */
export type DbTx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

const holder = globalThis as unknown as { __nuraDb?: Promise<PrismaClient>; __nuraDbAdapter?: Promise<AdapterHandle> };

/** The process's driver adapter (the job queue runs on the same database, and on PGlite the same instance). */
export function getDbAdapter(): Promise<AdapterHandle> {
  holder.__nuraDbAdapter ??= createAdapter(getEnv());
  return holder.__nuraDbAdapter;
}

export function getDb(): Promise<PrismaClient> {
  holder.__nuraDb ??= (async () => {
    const adapter = await getDbAdapter();
    return new PrismaClient({ adapter: adapter.factory });
  })();
  return holder.__nuraDb;
}
