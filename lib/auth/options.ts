import "server-only";
// next-auth configuration. JWT sessions (no adapter: @auth/prisma-adapter does not support
// Prisma 7); users and grants live in our own tables and travel in the signed JWT.
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getDb } from "@/lib/db";
import { safeReturnUrl } from "@/lib/domain/return-url";
import type { Principal } from "@/lib/domain/roles";
import { authSecret, getEnv } from "@/lib/env";
import { logger } from "@/lib/log";
import { findSandboxUser, touchLogin, upsertOidcUser } from "@/lib/server/users/user-repository";
import { grantsForGroups, parseRoleMap } from "./group-roles";
import { SANDBOX_PASSWORD } from "./sandbox-users";
import { recordSignIn } from "./sign-in-audit";

const SESSION_MAX_AGE_S = 8 * 60 * 60;

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
      profile(profile: Record<string, unknown>) {
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
          if (!credentials?.email || credentials.password !== SANDBOX_PASSWORD) return null;
          const db = await getDb();
          const principal = await findSandboxUser(db, credentials.email);
          if (!principal) return null;
          await touchLogin(db, principal.id);
          return { id: principal.id, email: principal.email, name: principal.name, grants: principal.grants };
        },
      }),
    );
  }
  return list;
}

export function authOptions(): NextAuthOptions {
  const env = getEnv();
  const roleRules = parseRoleMap(env.OIDC_ROLE_MAP);
  return {
    secret: authSecret(env),
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_S },
    useSecureCookies: env.PORTAL_URL.startsWith("https://"),
    pages: { signIn: "/login", error: "/login" },
    providers: providers(),
    logger: {
      error: (code, metadata) => logger.error({ code, metadata }, "next-auth error"),
      warn: (code) => logger.warn({ code }, "next-auth warning"),
      debug: () => {},
    },
    callbacks: {
      async jwt({ token, user, account }) {
        if (user && account) {
          let principal: Principal;
          if (account.provider === "oidc") {
            const groups = (user as { groups?: unknown }).groups;
            principal = await upsertOidcUser(await getDb(), {
              email: user.email ?? "",
              name: user.name ?? user.email ?? "unknown",
              grants: grantsForGroups(groups, roleRules),
            });
          } else {
            principal = user as unknown as Principal;
          }
          token.uid = principal.id;
          token.email = principal.email;
          token.name = principal.name;
          token.grants = principal.grants;
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
      async signIn({ user, account }) {
        await recordSignIn("auth.sign_in", user.id, account?.provider ?? "unknown");
      },
      async signOut({ token }) {
        if (token?.uid) await recordSignIn("auth.sign_out", token.uid, "session");
      },
    },
  };
}
