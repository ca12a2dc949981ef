// Roles and what each may do, per environment. Pure: no I/O. Every page, action and route
// asks `can()` (or `authorize()`), so this file is the whole permission model.

export const ROLES = ["viewer", "developer", "approver", "admin", "auditor"] as const;
export type Role = (typeof ROLES)[number];

/** A role held everywhere (environment null) or in one environment only. */
export type RoleGrant = { role: Role; environment: string | null };

export type Principal = { id: string; email: string; name: string; grants: RoleGrant[] };

export const ACTIONS = [
  "portal.view",
  "audit.read",
  "audit.export",
  "audit.verify",
  "promotion.request",
  "promotion.approve",
  "promotion.rollback",
  "argocd.refresh",
  "argocd.sync",
  "infra.plan",
  "infra.apply",
  "infra.approve",
  "infra.unlock",
  "config.change",
] as const;
export type Action = (typeof ACTIONS)[number];

/**
 * The environment an environment-scoped action acts on, as the catalog classifies it (lib/catalog
 * `environmentScope`, or a catalog environment itself). Protected: a change there needs a second person,
 * so the tighter roles apply. A bare name is not accepted, so no list of environment names can live here.
 */
export type EnvironmentScope = { readonly name: string; readonly protected: boolean };

type Rule = (role: Role, env: EnvironmentScope | undefined) => boolean;

const any =
  (...roles: Role[]): Rule =>
  (role) =>
    roles.includes(role);
/** `open` roles anywhere; `guarded` roles only in environments the catalog does not protect. */
const tiered =
  (open: Role[], guarded: Role[]): Rule =>
  (role, env) =>
    open.includes(role) || (guarded.includes(role) && env !== undefined && !env.protected);

const POLICY: Record<Action, Rule> = {
  "portal.view": any(...ROLES),
  "audit.read": any("auditor", "admin", "approver"),
  "audit.export": any("auditor", "admin"),
  "audit.verify": any("auditor", "admin"),
  "promotion.request": any("developer", "approver", "admin"),
  "promotion.approve": any("approver", "admin"),
  "promotion.rollback": tiered(["approver", "admin"], ["developer"]),
  "argocd.refresh": any("developer", "approver", "admin"),
  "argocd.sync": tiered(["approver", "admin"], ["developer"]),
  "infra.plan": tiered(["approver", "admin"], ["developer"]),
  "infra.approve": any("approver", "admin"),
  "infra.apply": tiered(["admin"], ["developer", "approver"]),
  "infra.unlock": any("admin"),
  "config.change": any("admin"),
};

/** Environment-scoped actions must name the environment they act on. */
export const ENVIRONMENT_SCOPED: ReadonlySet<Action> = new Set([
  "promotion.request",
  "promotion.approve",
  "promotion.rollback",
  "argocd.refresh",
  "argocd.sync",
  "infra.plan",
  "infra.apply",
  "infra.approve",
  "infra.unlock",
]);

/** The roles a principal holds in an environment (global grants plus that environment's). */
export function rolesIn(principal: Pick<Principal, "grants">, env?: string): Role[] {
  const roles = principal.grants
    .filter((g) => g.environment === null || (env !== undefined && g.environment === env))
    .map((g) => g.role);
  return [...new Set(roles)];
}

export function can(
  principal: Pick<Principal, "grants"> | null | undefined,
  action: Action,
  env?: EnvironmentScope,
): boolean {
  if (!principal) return false;
  if (ENVIRONMENT_SCOPED.has(action) && env === undefined) return false;
  const rule = POLICY[action];
  return rolesIn(principal, env?.name).some((role) => rule(role, env));
}

/** The most privileged role, for display ("signed in as Ana · approver"). */
export function primaryRole(principal: Pick<Principal, "grants">): Role {
  const order: Role[] = ["admin", "approver", "auditor", "developer", "viewer"];
  const held = new Set(principal.grants.map((g) => g.role));
  return order.find((r) => held.has(r)) ?? "viewer";
}

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}
