// Sign-in, refused sign-in and sign-out each write exactly one audit event, in the same
// transaction as the user's last-login update (real PostgreSQL from with-postgres.sh).
import type { Account, User } from "next-auth";
import type { JWT } from "next-auth/jwt";
import type { CredentialsConfig } from "next-auth/providers/credentials";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditedBy, openDb } from "../audit/support";

process.env.SANDBOX = "1";
const db = openDb(4);
let authOptions: typeof import("@/lib/auth/options").authOptions;
let userId: string;

beforeAll(async () => {
  ({ authOptions } = await import("@/lib/auth/options"));
  const user = await db.user.upsert({
    where: { email: "ana.audit@nura.local" },
    create: { email: "ana.audit@nura.local", name: "Ana Audit", source: "sandbox" },
    update: {},
    select: { id: true },
  });
  userId = user.id;
  await db.roleMembership.createMany({ data: [{ userId, role: "approver", environment: null }], skipDuplicates: true });
});

afterAll(async () => {
  await db.$disconnect();
});

function sandboxProvider() {
  // CredentialsProvider() keeps the caller's id and authorize() under `options`; next-auth merges
  // them at request time.
  const options = authOptions().providers.map((x) => (x as unknown as { options?: CredentialsConfig }).options);
  const p = options.find((o) => o?.id === "sandbox");
  if (!p) throw new Error("sandbox provider missing while SANDBOX=1");
  return p;
}

describe("authentication is audited", () => {
  it("a wrong password is refused and audited as denied, once", async () => {
    const { result, events } = await auditedBy(db, async () =>
      sandboxProvider().authorize({ email: "ana.audit@nura.local", password: "wrong" }, {} as never),
    );
    expect(result).toBeNull();
    expect(events.map((e) => [e.action, e.outcome, e.targetId])).toEqual([["auth.sign_in_failed", "denied", userId]]);
  });

  it("a sign-in updates last login and writes one event", async () => {
    const principal = await sandboxProvider().authorize(
      { email: "ana.audit@nura.local", password: "nura-sandbox" },
      {} as never,
    );
    expect(principal).toMatchObject({ id: userId, email: "ana.audit@nura.local" });
    const { events } = await auditedBy(db, async () =>
      authOptions().events!.signIn!({
        user: principal as User,
        account: { provider: "sandbox", type: "credentials", providerAccountId: userId } as Account,
      }),
    );
    expect(events.map((e) => [e.action, e.outcome, e.targetId])).toEqual([["auth.sign_in", "success", userId]]);
    const row = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { lastLoginAt: true } });
    expect(row.lastLoginAt!.getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it("a sign-out writes one event", async () => {
    const { events } = await auditedBy(db, async () =>
      authOptions().events!.signOut!({
        token: { uid: userId, email: "ana.audit@nura.local" } as JWT,
        session: null as never,
      }),
    );
    expect(events.map((e) => [e.action, e.targetId])).toEqual([["auth.sign_out", userId]]);
  });
});
