// How long a session lives, decided from the JWT alone. Pure: the jwt callback (lib/auth/options.ts)
// and the proxy both ask it.
//
// - idle: the cookie and the JWT expire SESSION_IDLE_MAX_AGE_S after the last use (next-auth renews them);
// - absolute: SESSION_ABSOLUTE_MAX_AGE_S after sign-in the session ends however active it is, so a
//   stolen cookie is not good forever and everyone re-authenticates at least daily;
// - grants: roles are re-read from the database at most GRANTS_REFRESH_S after they were last read, so a
//   revoked role (or a deleted user) stops working within a minute instead of at the next sign-in.

export const SESSION_IDLE_MAX_AGE_S = 8 * 60 * 60;
export const SESSION_ABSOLUTE_MAX_AGE_S = 12 * 60 * 60;
export const GRANTS_REFRESH_S = 60;

export type SessionClock = { authTime?: unknown; grantsAt?: unknown };

export type SessionDecision = "valid" | "refresh-grants" | "expired";

export function sessionDecision(token: SessionClock, nowS: number): SessionDecision {
  const authTime = typeof token.authTime === "number" ? token.authTime : null;
  // A token without a sign-in time predates this policy: it cannot prove its age, so it ends.
  if (authTime === null || authTime > nowS + 60) return "expired";
  if (nowS - authTime > SESSION_ABSOLUTE_MAX_AGE_S) return "expired";
  const grantsAt = typeof token.grantsAt === "number" ? token.grantsAt : 0;
  return nowS - grantsAt > GRANTS_REFRESH_S ? "refresh-grants" : "valid";
}

export const nowSeconds = () => Math.floor(Date.now() / 1000);
