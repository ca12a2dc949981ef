import "server-only";
// next-auth configuration. JWT sessions (no adapter: @auth/prisma-adapter does not support
// Prisma 7); users and grants live in our own tables and travel in the signed JWT, re-read from
// the database every minute (lib/auth/session-policy.ts), and a session ends 12 h after sign-in.
//
// Sign-in is audited in the signIn callback, before next-auth issues the session: if the event
// cannot be written the sign-in is refused. OIDC users are keyed on issuer + subject and must have
// a verified email. Password sign-ins are throttled per IP and per account (sign-in-throttle.ts).
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getDb } from "@/lib/db";
import { safeReturnUrl } from "@/lib/domain/return-url";
import type { Principal } from "@/lib/domain/roles";
import { authSecret, getEnv } from "@/lib/env";
import { logger } from "@/lib/log";
import { findPrincipalById, findSandboxUser, upsertOidcUser } from "@/lib/server/users/user-repository";
import { grantsForGroups, parseRoleMap } from "./group-roles";
import { SANDBOX_PASSWORD } from "./sandbox-users";
import { nowSeconds, SESSION_IDLE_MAX_AGE_S, sessionDecision } from "./session-policy";
import { auditAuthEvent, auditSignInFailure } from "./sign-in-audit";
import { clearAccountFailures } from "./sign-in-throttle";

type OidcProfile = { sub?: unknown; iss?: unknown; email?: unknown; email_verified?: unknown; name?: unknown };

function providers(): NextAuthOptions["providers"] {
  const env = getEnv();
  const list: NextAuthOptions["providers"] = [];
  if (env.OIDC_ISSUER && env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET) {
    list.push({
      id: "oidc",
      name: "Single sign-on",
      type: "oauth",
      wellKnown: `${env.OIDC_ISSUER.replace(/\/$/, "")}/.well-known/openid-configuration`,
      clientId: env.OIDC_CLIENT_ID,
      clientSecret: env.OIDC_CLIENT_SECRET,
      authorization: { params: { scope: "openid email profile groups" } },
      idToken: true,
      checks: ["pkce", "state"],
      profile(profile: Record<string, unknown> & OidcProfile) {
        return {
          id: String(profile.sub),
          email: String(profile.email ?? ""),
          name: String(profile.name ?? profile.preferred_username ?? profile.email ?? "unknown"),
          groups: profile[env.OIDC_GROUPS_CLAIM],
        };
      },
    });
  }
  if (env.SANDBOX) {
    list.push(
      CredentialsProvider({
        id: "sandbox",
        name: "Sandbox user",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials) {
          const email = typeof credentials?.email === "string" ? credentials.email.slice(0, 320) : "";
          const principal = email ? await findSandboxUser(await getDb(), email) : null;
          if (!principal || credentials?.password !== SANDBOX_PASSWORD) {
            await auditSignInFailure({ id: principal?.id ?? null, email }, "sandbox");
            return null;
          }
          return { id: principal.id, email: principal.email, name: principal.name, grants: principal.grants };
        },
      }),
    );
  }
  return list;
}

/** Ids of the credentials (form) providers: their callback is POST only and throttled. */
export function credentialsProviderIds(): ReadonlySet<string> {
  // CredentialsProvider() keeps the caller's id under `options` (next-auth merges it at request time).
  return new Set(
    providers()
      .filter((p) => p.type === "credentials")
      .map((p) => (p as { options?: { id?: string } }).options?.id ?? p.id),
  );
}

/** The OIDC identity of a sign-in, or why it is refused. */
export function oidcIdentity(
  profile: OidcProfile | undefined,
  configuredIssuer: string,
): { issuer: string; subject: string; email: string } | { refused: string } {
  const subject = typeof profile?.sub === "string" ? profile.sub : "";
  if (!subject) return { refused: "the identity provider sent no subject" };
  // The id token's own issuer when present (next-auth has checked it against the discovery document).
  const issuer = typeof profile?.iss === "string" && profile.iss ? profile.iss : configuredIssuer;
  const email = typeof profile?.email === "string" ? profile.email : "";
  if (!email) return { refused: "the identity provider sent no email" };
  if (profile?.email_verified !== true) return { refused: "the identity provider has not verified this email" };
  return { issuer: issuer.replace(/\/$/, ""), subject, email };
}

export function authOptions(): NextAuthOptions {
  const env = getEnv();
  const roleRules = parseRoleMap(env.OIDC_ROLE_MAP);
  return {
    secret: authSecret(env),
    session: { strategy: "jwt", maxAge: SESSION_IDLE_MAX_AGE_S },
    jwt: { maxAge: SESSION_IDLE_MAX_AGE_S },
    useSecureCookies: env.PORTAL_URL.startsWith("https://"),
    pages: { signIn: "/login", error: "/login" },
    providers: providers(),
    logger: {
      error: (code, metadata) => logger.error({ code, metadata }, "next-auth error"),
      warn: (code) => logger.warn({ code }, "next-auth warning"),
      debug: () => {},
    },
    callbacks: {
      async signIn({ user, account, profile }) {
        let principal: Principal;
        if (account?.provider === "oidc") {
          const identity = oidcIdentity(profile as OidcProfile | undefined, env.OIDC_ISSUER ?? "");
          if ("refused" in identity) {
            await auditSignInFailure({ id: null, email: (profile as OidcProfile)?.email as string | null }, "oidc", {
              reason: identity.refused,
            });
            return false;
          }
          const groups = (user as { groups?: unknown }).groups;
          try {
            principal = await upsertOidcUser(await getDb(), {
              ...identity,
              name: user.name ?? identity.email,
              grants: grantsForGroups(groups, roleRules),
            });
          } catch (err) {
            logger.warn({ err }, "OIDC sign-in refused");
            return false;
          }
          // The jwt callback reads the portal's user id from here.
          user.id = principal.id;
        } else {
          principal = user as unknown as Principal;
        }
        try {
          await auditAuthEvent(
            "auth.sign_in",
            { id: principal.id, email: principal.email, grants: principal.grants },
            { provider: account?.provider ?? "unknown" },
          );
        } catch (err) {
          logger.error({ err }, "sign-in refused: the audit event could not be written");
          return false;
        }
        if (account?.provider !== "oidc" && principal.email)
          await clearAccountFailures(principal.email).catch(() => {});
        return true;
      },
      async jwt({ token, user, account }) {
        const now = nowSeconds();
        if (user && account) {
          const principal = await findPrincipalById(await getDb(), user.id);
          if (!principal) throw new Error("signed-in user not found");
          return {
            ...token,
            uid: principal.id,
            email: principal.email,
            name: principal.name,
            grants: principal.grants,
            authTime: now,
            grantsAt: now,
          };
        }
        const decision = sessionDecision(token, now);
        // Throwing ends the session: next-auth clears the cookie and answers with no session.
        if (decision === "expired") throw new Error("session expired (absolute lifetime)");
        if (decision === "refresh-grants") {
          const principal = await findPrincipalById(await getDb(), token.uid);
          if (!principal) throw new Error("session's user no longer exists");
          return { ...token, email: principal.email, name: principal.name, grants: principal.grants, grantsAt: now };
        }
        return token;
      },
      async session({ session, token }) {
        session.user = { id: token.uid, email: token.email ?? "", name: token.name ?? "", grants: token.grants ?? [] };
        return session;
      },
      async redirect({ url, baseUrl }) {
        return new URL(safeReturnUrl(url, baseUrl), baseUrl).toString();
      },
    },
    events: {
      async signOut({ token }) {
        if (token?.uid) {
          await auditAuthEvent(
            "auth.sign_out",
            { id: token.uid, email: token.email ?? null, grants: token.grants },
            { provider: "session" },
          );
        }
      },
    },
  };
}
