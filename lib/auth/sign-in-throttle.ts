import "server-only";
// Sign-in throttling with rate-limiter-flexible on its Prisma store (the sign_in_throttle table), so
// every portal replica counts the same failures. Two counters, as the library's brute-force recipe:
//   per client IP:  IP_FAILURES failed sign-ins per WINDOW_S, whatever the accounts tried;
//   per account:    ACCOUNT_FAILURES failed sign-ins per WINDOW_S, from anywhere (reset by a success).
// Over either, the sign-in is answered 429 with Retry-After before the password is even checked.
// Failures are audited coalesced: the first failure of an account in a window, and the moment it is
// locked, write an event; the ones in between only count (no attacker-driven audit flood).
import { RateLimiterPrisma } from "rate-limiter-flexible";
import { getDb } from "@/lib/db";

export const WINDOW_S = 15 * 60;
export const IP_FAILURES = 20;
export const ACCOUNT_FAILURES = 5;

type Limiters = { ip: RateLimiterPrisma; account: RateLimiterPrisma };
const holder = globalThis as unknown as { __nuraSignInLimiters?: Promise<Limiters> };

function limiters(): Promise<Limiters> {
  holder.__nuraSignInLimiters ??= getDb().then((db) => {
    const common = { storeClient: db, tableName: "signInThrottle", duration: WINDOW_S };
    return {
      ip: new RateLimiterPrisma({ ...common, keyPrefix: "ip", points: IP_FAILURES }),
      account: new RateLimiterPrisma({ ...common, keyPrefix: "account", points: ACCOUNT_FAILURES }),
    };
  });
  return holder.__nuraSignInLimiters;
}

const accountKey = (email: string) => email.trim().toLowerCase().slice(0, 320);
const ipKey = (ip: string | null) => ip ?? "unknown";

/** Seconds to wait before this IP or account may try again, or 0 when it may try now. */
export async function signInRetryAfter(ip: string | null, email: string | null): Promise<number> {
  const l = await limiters();
  const [byIp, byAccount] = await Promise.all([
    l.ip.get(ipKey(ip)),
    email ? l.account.get(accountKey(email)) : Promise.resolve(null),
  ]);
  const blocked = [
    byIp && byIp.consumedPoints >= IP_FAILURES ? byIp : null,
    byAccount && byAccount.consumedPoints >= ACCOUNT_FAILURES ? byAccount : null,
  ].filter((r) => r !== null);
  if (!blocked.length) return 0;
  return Math.max(1, ...blocked.map((r) => Math.ceil(r.msBeforeNext / 1000)));
}

export type FailureCount = { failures: number; firstInWindow: boolean; nowLocked: boolean };

/** Counts one failed sign-in against both keys; says whether it should be audited. */
export async function recordSignInFailure(ip: string | null, email: string): Promise<FailureCount> {
  const l = await limiters();
  const count = async (limiter: RateLimiterPrisma, key: string) => {
    try {
      return await limiter.consume(key, 1);
    } catch (res) {
      // consume() rejects with the limiter's result once over the limit: still a count, not an error.
      if (res && typeof res === "object" && "consumedPoints" in res) return res as { consumedPoints: number };
      throw res;
    }
  };
  const [, byAccount] = await Promise.all([count(l.ip, ipKey(ip)), count(l.account, accountKey(email))]);
  const failures = byAccount.consumedPoints;
  return { failures, firstInWindow: failures === 1, nowLocked: failures === ACCOUNT_FAILURES };
}

/** A successful sign-in clears the account's failures (not the IP's). */
export async function clearAccountFailures(email: string): Promise<void> {
  await (await limiters()).account.delete(accountKey(email));
}
