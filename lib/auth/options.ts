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
import { findSandboxUser, upsertOidcUser } from "@/lib/server/users/user-repository";
import { grantsForGroups, parseRoleMap } from "./group-roles";
import { SANDBOX_PASSWORD } from "./sandbox-users";
import { auditAuthEvent } from "./sign-in-audit";

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
          const email = credentials?.email?.slice(0, 320) ?? "";
          const principal = email ? await findSandboxUser(await getDb(), email) : null;
          if (!principal || credentials?.password !== SANDBOX_PASSWORD) {
            await auditAuthEvent("auth.sign_in_failed", { id: principal?.id ?? null, email }, { provider: "sandbox" });
            return null;
          }
          return { id: principal.id, email: principal.email, name: principal.name, grants: principal.grants };
        },
      }),
    );
  }
  return list;
}

/** Ids of the credentials (form) providers: their callback is POST only. */
export function credentialsProviderIds(): ReadonlySet<string> {
  return new Set(
    providers()
      .filter((p) => p.type === "credentials")
      .map((p) => p.id),
  );
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
        const grants = (user as { grants?: Principal["grants"] }).grants;
        await auditAuthEvent(
          "auth.sign_in",
          { id: user.id, email: user.email ?? null, grants },
          {
            provider: account?.provider ?? "unknown",
          },
        );
      },
      async signOut({ token }) {
        if (token?.uid) {
          await auditAuthEvent(
            "auth.sign_out",
            { id: token.uid, email: token.email ?? null, grants: token.grants },
            {
              provider: "session",
            },
          );
        }
      },
    },
  };
}
