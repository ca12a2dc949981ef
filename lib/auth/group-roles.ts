// Maps an identity provider's groups claim to portal role grants, using OIDC_ROLE_MAP:
//   "platform-admins=admin,release-managers=approver,release-managers-eu=approver:prod,devs=developer"
// Pure, so the mapping is unit-tested without an IdP.
import { isRole, type RoleGrant } from "../domain/roles";

export type GroupRoleRule = { group: string; grant: RoleGrant };

export class RoleMapError extends Error {
  override name = "RoleMapError";
}

export function parseRoleMap(spec: string): GroupRoleRule[] {
  if (!spec.trim()) return [];
  return spec.split(",").map((entry) => {
    const m = entry.trim().match(/^([^=\s]+)=([a-z]+)(?::([a-z][a-z0-9-]*))?$/);
    if (!m) throw new RoleMapError(`OIDC_ROLE_MAP: "${entry.trim()}" is not group=role or group=role:environment`);
    const [, group, role, environment] = m;
    if (!isRole(role))
      throw new RoleMapError(`OIDC_ROLE_MAP: "${role}" is not a role (viewer, developer, approver, admin, auditor)`);
    return { group: group!, grant: { role, environment: environment ?? null } };
  });
}

/** Grants for a user's groups; everyone who can sign in is at least a viewer. */
export function grantsForGroups(groups: unknown, rules: GroupRoleRule[]): RoleGrant[] {
  const held = new Set(Array.isArray(groups) ? groups.filter((g): g is string => typeof g === "string") : []);
  const grants: RoleGrant[] = [{ role: "viewer", environment: null }];
  for (const r of rules) {
    if (held.has(r.group) && !grants.some((g) => g.role === r.grant.role && g.environment === r.grant.environment)) {
      grants.push(r.grant);
    }
  }
  return grants;
}
