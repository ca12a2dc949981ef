// Sign-in, refused sign-in and sign-out on real PostgreSQL (with-postgres.sh): each is audited in the
// transaction of the user's last-login update; a sign-in whose event cannot be written is refused;
// failures are throttled per account and IP (rate-limiter-flexible on the sign_in_throttle table) and
// audited coalesced; OIDC users are keyed on issuer + subject with a verified email; sessions re-read
// grants and end at their absolute lifetime.
import type { Account, Profile, User } from "next-auth";
import type { JWT } from "next-auth/jwt";
import type { CredentialsConfig } from "next-auth/providers/credentials";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { auditedBy, openDb } from "../audit/support";

process.env.SANDBOX = "1";
process.env.OIDC_ISSUER = "https://idp.nura.example";
process.env.OIDC_CLIENT_ID = "portal";
process.env.OIDC_CLIENT_SECRET = "test-secret";
process.env.OIDC_ROLE_MAP = "platform=admin";
const db = openDb(4);
let authOptions: typeof import("@/lib/auth/options").authOptions;
let throttle: typeof import("@/lib/auth/sign-in-throttle");
let userId: string;

beforeAll(async () => {
  ({ authOptions } = await import("@/lib/auth/options"));
  throttle = await import("@/lib/auth/sign-in-throttle");
  const user = await db.user.upsert({
    where: { email: "ana.audit@nura.local" },
    create: { email: "ana.audit@nura.local", name: "Ana Audit", source: "sandbox" },
    update: {},
    select: { id: true },
  });
  userId = user.id;
  await db.roleMembership.createMany({ data: [{ userId, role: "approver", environment: null }], skipDuplicates: true });
});
beforeEach(async () => {
  await db.signInThrottle.deleteMany({});
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
const wrong = async () =>
  sandboxProvider().authorize({ email: "ana.audit@nura.local", password: "wrong" }, {} as never);
const sandboxAccount = { provider: "sandbox", type: "credentials", providerAccountId: "x" } as Account;
const oidcAccount = { provider: "oidc", type: "oauth", providerAccountId: "sub-1" } as Account;
const signIn = (args: { user: User; account: Account; profile?: Profile }) =>
  authOptions().callbacks!.signIn!(args as never) as Promise<boolean>;

describe("password sign-in", () => {
  it("knows the sandbox provider as a credentials provider (its callback is POST-only and throttled)", async () => {
    const { credentialsProviderIds } = await import("@/lib/auth/options");
    expect([...credentialsProviderIds()]).toEqual(["sandbox"]);
  });

  it("a wrong password is refused and audited as denied; repeated failures are coalesced, then locked", async () => {
    const first = await auditedBy(db, wrong);
    expect(first.result).toBeNull();
    expect(first.events.map((e) => [e.action, e.outcome, e.targetId])).toEqual([
      ["auth.sign_in_failed", "denied", userId],
    ]);
    // Failures 2–4 only count; the 5th locks the account and says so, once.
    const more = await auditedBy(db, async () => {
      for (let i = 0; i < 4; i++) await wrong();
    });
    expect(more.events.map((e) => e.action)).toEqual(["auth.sign_in_failed"]);
    const [locked] = await db.$queryRaw<{ details: Record<string, unknown> }[]>`
      SELECT details FROM audit_event WHERE seq = ${more.events[0]!.seq}`;
    expect(locked!.details).toMatchObject({ failuresInWindow: 5, locked: expect.any(String) });
    expect(await throttle.signInRetryAfter("203.0.113.50", "ana.audit@nura.local")).toBeGreaterThan(800);
    expect(await throttle.signInRetryAfter("203.0.113.50", "someone.else@nura.local")).toBe(0);
  });

  it("throttles an IP that tries many accounts", async () => {
    for (let i = 0; i < throttle.IP_FAILURES; i++) await throttle.recordSignInFailure("198.51.100.7", `u${i}@x`);
    expect(await throttle.signInRetryAfter("198.51.100.7", "fresh@x")).toBeGreaterThan(0);
    expect(await throttle.signInRetryAfter("198.51.100.8", "fresh@x")).toBe(0);
  });

  it("a sign-in is audited before the session is issued, with last login, and clears the account's failures", async () => {
    await wrong();
    const principal = await sandboxProvider().authorize(
      { email: "ana.audit@nura.local", password: "nura-sandbox" },
      {} as never,
    );
    expect(principal).toMatchObject({ id: userId, email: "ana.audit@nura.local" });
    const { result, events } = await auditedBy(db, () => signIn({ user: principal as User, account: sandboxAccount }));
    expect(result).toBe(true);
    expect(events.map((e) => [e.action, e.outcome, e.targetId])).toEqual([["auth.sign_in", "success", userId]]);
    const row = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { lastLoginAt: true } });
    expect(row.lastLoginAt!.getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(await db.signInThrottle.count({ where: { key: "account:ana.audit@nura.local" } })).toBe(0);
  });

  it("refuses the sign-in when its audit event cannot be written", async () => {
    const ghost = { id: crypto.randomUUID(), email: "ghost@nura.local", name: "Ghost", grants: [] } as unknown as User;
    const { result, events } = await auditedBy(db, () => signIn({ user: ghost, account: sandboxAccount }));
    expect(result).toBe(false);
    expect(events).toEqual([]);
  });
});

describe("OIDC sign-in", () => {
  const profile = (over: Record<string, unknown> = {}) =>
    ({
      sub: "sub-1",
      iss: "https://idp.nura.example",
      email: "olga@nura.example",
      email_verified: true,
      ...over,
    }) as Profile;
  const user = (email = "olga@nura.example") =>
    ({ id: "sub-1", email, name: "Olga", groups: ["platform"] }) as unknown as User;

  it("refuses an unverified email, audited as denied", async () => {
    const { result, events } = await auditedBy(db, () =>
      signIn({ user: user(), account: oidcAccount, profile: profile({ email_verified: false }) }),
    );
    expect(result).toBe(false);
    expect(events.map((e) => [e.action, e.outcome])).toEqual([["auth.sign_in_failed", "denied"]]);
    expect(await db.user.count({ where: { email: "olga@nura.example" } })).toBe(0);
  });

  it("keys the user on issuer + subject: a changed email is the same account, a reused email is refused", async () => {
    const u1 = user();
    expect(await signIn({ user: u1, account: oidcAccount, profile: profile() })).toBe(true);
    const first = await db.user.findFirstOrThrow({ where: { oidcSubject: "sub-1" }, include: { roles: true } });
    expect(first).toMatchObject({ oidcIssuer: "https://idp.nura.example", email: "olga@nura.example" });
    expect(first.roles.map((r) => r.role)).toContain("admin");
    expect(u1.id).toBe(first.id);

    const u2 = user("olga.new@nura.example");
    expect(await signIn({ user: u2, account: oidcAccount, profile: profile({ email: "olga.new@nura.example" }) })).toBe(
      true,
    );
    expect(u2.id).toBe(first.id);

    // Another subject presenting Ana's email gets neither Ana's account nor a new one.
    const impostor = { id: "sub-2", email: "ana.audit@nura.local", name: "Not Ana" } as unknown as User;
    expect(
      await signIn({
        user: impostor,
        account: oidcAccount,
        profile: profile({ sub: "sub-2", email: "ana.audit@nura.local" }),
      }),
    ).toBe(false);
    expect(await db.user.count({ where: { oidcSubject: "sub-2" } })).toBe(0);
  });
});

describe("sessions", () => {
  const jwt = (token: Partial<JWT>) => authOptions().callbacks!.jwt!({ token: token as JWT } as never) as Promise<JWT>;
  const now = () => Math.floor(Date.now() / 1000);

  it("re-reads grants a minute after they were read, so a revoked role stops working", async () => {
    const t = {
      uid: userId,
      authTime: now() - 120,
      grantsAt: now() - 61,
      grants: [{ role: "admin" as const, environment: null }],
    };
    const next = await jwt(t);
    expect(next.grants).toEqual([{ role: "approver", environment: null }]);
    expect(next.grantsAt).toBeGreaterThanOrEqual(now() - 1);
  });

  it("ends a session 12 hours after sign-in however active, and a token without a sign-in time", async () => {
    await expect(jwt({ uid: userId, authTime: now() - 12 * 3600 - 5, grantsAt: now() })).rejects.toThrow(/expired/);
    await expect(jwt({ uid: userId })).rejects.toThrow(/expired/);
    await expect(jwt({ uid: crypto.randomUUID(), authTime: now(), grantsAt: 0 })).rejects.toThrow(/no longer exists/);
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
