import "server-only";
// Users and their role grants. Takes the client by injection so it composes in transactions.
import type { DbTx } from "@/lib/db";
import type { Principal, RoleGrant } from "@/lib/domain/roles";

const principalSelect = {
  id: true,
  email: true,
  name: true,
  roles: { select: { role: true, environment: true } },
} as const;

type Row = { id: string; email: string; name: string; roles: RoleGrant[] };
const toPrincipal = (u: Row): Principal => ({
  id: u.id,
  email: u.email,
  name: u.name,
  grants: u.roles.map((r) => ({ role: r.role, environment: r.environment })),
});

export async function findSandboxUser(db: DbTx, email: string): Promise<Principal | null> {
  const u = await db.user.findFirst({
    where: { email: email.toLowerCase(), source: "sandbox" },
    select: principalSelect,
  });
  return u ? toPrincipal(u) : null;
}

/** The principal with its current grants, or null when the user no longer exists. */
export async function findPrincipalById(db: DbTx, id: string): Promise<Principal | null> {
  const u = await db.user.findUnique({ where: { id }, select: principalSelect });
  return u ? toPrincipal(u) : null;
}

/**
 * Creates or updates an OIDC user keyed on (issuer, subject) — the identity the IdP vouches for —
 * and replaces their grants with what the IdP says now. The email is a verified attribute that may
 * change; it never selects the account. An email already used by another account is refused.
 */
export async function upsertOidcUser(
  db: DbTx,
  input: { issuer: string; subject: string; email: string; name: string; grants: RoleGrant[] },
): Promise<Principal> {
  const email = input.email.toLowerCase();
  const key = { oidcIssuer: input.issuer, oidcSubject: input.subject };
  const existing = await db.user.findUnique({ where: { oidcIssuer_oidcSubject: key }, select: { id: true } });
  const clash = await db.user.findUnique({ where: { email }, select: { id: true, oidcSubject: true } });
  if (clash && clash.id !== existing?.id) {
    throw new OidcAccountConflictError(`the email ${email} belongs to another account`);
  }
  const user = existing
    ? await db.user.update({
        where: { id: existing.id },
        data: { email, name: input.name, lastLoginAt: new Date() },
        select: { id: true },
      })
    : await db.user.create({
        data: { ...key, email, name: input.name, source: "oidc", lastLoginAt: new Date() },
        select: { id: true },
      });
  await db.roleMembership.deleteMany({ where: { userId: user.id } });
  await db.roleMembership.createMany({
    data: input.grants.map((g) => ({ userId: user.id, role: g.role, environment: g.environment })),
  });
  return { id: user.id, email, name: input.name, grants: input.grants };
}

export class OidcAccountConflictError extends Error {
  override name = "OidcAccountConflictError";
}
