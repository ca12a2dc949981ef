import "server-only";
// The Prisma client: PostgreSQL (adapter-pg) when DATABASE_URL is set, else embedded PGlite.
// One instance per process (kept on globalThis so dev hot reloads don't open new pools).
import { createAdapter } from "./db-adapter";
import { getEnv } from "./env";
import { PrismaClient } from "./generated/prisma/client";

export type Db = PrismaClient;
/** A client or an interactive transaction: services take this so callers can compose. */
export type DbTx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

const holder = globalThis as unknown as { __nuraDb?: Promise<PrismaClient> };

export function getDb(): Promise<PrismaClient> {
  holder.__nuraDb ??= (async () => {
    const adapter = await createAdapter(getEnv());
    return new PrismaClient({ adapter: adapter.factory });
  })();
  return holder.__nuraDb;
}
