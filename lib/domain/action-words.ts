// A permission in words, and who holds it: what the forbidden page tells someone who was refused
// (issue 13 item 8). Derived from `can()`, so it always matches the policy in roles.ts.
import { ACTIONS, type Action, can, ENVIRONMENT_SCOPED, type EnvironmentScope, ROLES, type Role } from "./roles";

const WORDS: Partial<Record<Action, string>> = {
  "portal.view": "view the portal",
  "audit.read": "read the audit log",
  "audit.export": "export the audit log",
  "audit.verify": "verify the audit chain",
  "promotion.request": "request a promotion",
  "promotion.approve": "approve a promotion",
  "promotion.rollback": "roll back a promotion",
  "argocd.refresh": "refresh an Argo CD application",
  "argocd.sync": "sync an Argo CD application",
  "infra.plan": "plan an infrastructure change",
  "infra.apply": "apply an infrastructure change",
  "infra.approve": "approve an infrastructure plan",
  "infra.unlock": "force-unlock an environment",
  "config.change": "change the portal's configuration",
};

export function isAction(value: unknown): value is Action {
  return typeof value === "string" && (ACTIONS as readonly string[]).includes(value);
}

/** "approve a promotion"; an action without words yet is shown as its name. */
export function actionInWords(action: Action): string {
  return WORDS[action] ?? action;
}

const holder = (role: Role) => ({ grants: [{ role, environment: null }] });

/**
 * Who may: "admin" or, where environments differ, "admin, approver; developer in dev only".
 * Roles are granted everywhere or per environment; this describes a grant held everywhere.
 */
export function whoMay(action: Action, environments: readonly EnvironmentScope[]): string {
  if (!ENVIRONMENT_SCOPED.has(action)) {
    const roles = ROLES.filter((r) => can(holder(r), action));
    return roles.length > 0 ? roles.join(", ") : "nobody";
  }
  const everywhere: Role[] = [];
  const some: string[] = [];
  for (const role of ROLES) {
    const envs = environments.filter((e) => can(holder(role), action, e)).map((e) => e.name);
    if (envs.length === environments.length && envs.length > 0) everywhere.push(role);
    else if (envs.length > 0) some.push(`${role} in ${envs.join(", ")} only`);
  }
  const parts = [everywhere.length > 0 ? everywhere.join(", ") : null, ...some].filter(Boolean);
  return parts.length > 0 ? parts.join("; ") : "nobody";
}
