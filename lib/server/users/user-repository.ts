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

/** Creates or updates an OIDC user and replaces their grants with what the IdP says now. */
export async function upsertOidcUser(
  db: DbTx,
  input: { email: string; name: string; grants: RoleGrant[] },
): Promise<Principal> {
  const email = input.email.toLowerCase();
  const user = await db.user.upsert({
    where: { email },
    create: { email, name: input.name, source: "oidc", lastLoginAt: new Date() },
    update: { name: input.name, lastLoginAt: new Date() },
    select: { id: true },
  });
  await db.roleMembership.deleteMany({ where: { userId: user.id } });
  await db.roleMembership.createMany({
    data: input.grants.map((g) => ({ userId: user.id, role: g.role, environment: g.environment })),
  });
  return { id: user.id, email, name: input.name, grants: input.grants };
}
