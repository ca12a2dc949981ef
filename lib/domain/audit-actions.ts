// Every action the audit log knows, in one place. The service accepts only these names, the
// audit page offers them as filters, and the "every mutating action is audited" test enumerates them.
// Naming: "<domain>.<verb in past tense or noun>", lowercase, snake_case words.

export const AUDIT_ACTIONS = {
  // Sign-in / sign-out
  "auth.sign_in": { label: "Signed in", domain: "auth" },
  "auth.sign_in_failed": { label: "Sign-in refused", domain: "auth" },
  "auth.sign_out": { label: "Signed out", domain: "auth" },
  // Promotions dev → staging → prod
  "promotion.requested": { label: "Promotion requested", domain: "promotion" },
  "promotion.approved": { label: "Promotion approved", domain: "promotion" },
  "promotion.rejected": { label: "Promotion rejected", domain: "promotion" },
  "promotion.cancelled": { label: "Promotion cancelled", domain: "promotion" },
  "promotion.executed": { label: "Promotion committed to GitOps", domain: "promotion" },
  "promotion.succeeded": { label: "Promotion healthy", domain: "promotion" },
  "promotion.failed": { label: "Promotion failed", domain: "promotion" },
  "promotion.rolled_back": { label: "Promotion rolled back", domain: "promotion" },
  // the rest of the state machine (lib/domain/promotions/transitions.ts)
  "promotion.expired": { label: "Promotion expired", domain: "promotion" },
  "promotion.superseded": { label: "Promotion superseded", domain: "promotion" },
  "promotion.freeze_overridden": { label: "Freeze overridden for a promotion", domain: "promotion" },
  "promotion.approvals_lapsed": { label: "Promotion approvals lapsed", domain: "promotion" },
  "promotion.commit_started": { label: "Promotion commit started", domain: "promotion" },
  "promotion.sync_started": { label: "Promotion sync started", domain: "promotion" },
  "promotion.synced": { label: "Promotion synced", domain: "promotion" },
  "promotion.rollback_started": { label: "Promotion rollback started", domain: "promotion" },
  // The executor's git calls (intent before, outcome after), apart from the transitions they lead to.
  "promotion.git_push": { label: "Promotion commit pushed to GitOps", domain: "promotion" },
  "promotion.git_revert": { label: "Promotion revert pushed to GitOps", domain: "promotion" },
  // Argo CD. A sync or rollback is a pair: the intent before the call and its outcome when the
  // operation ends (job argocd.operation-outcome); "…_started" records that Argo CD accepted it.
  "argocd.sync": { label: "Argo CD sync", domain: "argocd" },
  "argocd.sync_started": { label: "Argo CD sync started", domain: "argocd" },
  "argocd.refresh": { label: "Argo CD refresh", domain: "argocd" },
  "argocd.rollback": { label: "Argo CD rollback", domain: "argocd" },
  "argocd.rollback_started": { label: "Argo CD rollback started", domain: "argocd" },
  "argocd.terminate": { label: "Argo CD operation terminated", domain: "argocd" },
  // Infrastructure (OpenTofu through Jenkins)
  "infra.plan": { label: "Infra plan", domain: "infra" },
  "infra.apply_requested": { label: "Infra apply requested", domain: "infra" },
  "infra.apply_approved": { label: "Infra apply approved", domain: "infra" },
  "infra.apply": { label: "Infra apply", domain: "infra" },
  "infra.abort": { label: "Infra run aborted", domain: "infra" },
  "infra.lock": { label: "Environment locked", domain: "infra" },
  "infra.unlock": { label: "Environment unlocked", domain: "infra" },
  // Configuration (roles, catalog, settings)
  "config.changed": { label: "Configuration changed", domain: "config" },
  "config.role_granted": { label: "Role granted", domain: "config" },
  "config.role_revoked": { label: "Role revoked", domain: "config" },
  "config.service_token_created": { label: "Service token created", domain: "config" },
  "config.service_token_revoked": { label: "Service token revoked", domain: "config" },
  // The audit log itself
  "audit.exported": { label: "Audit log exported", domain: "audit" },
  "audit.verified": { label: "Audit chain verified", domain: "audit" },
  "audit.checkpoint_created": { label: "Audit checkpoint created", domain: "audit" },
  "audit.archived": { label: "Audit events archived", domain: "audit" },
} as const satisfies Record<string, { label: string; domain: string }>;

export type AuditAction = keyof typeof AUDIT_ACTIONS;
export const AUDIT_ACTION_NAMES = Object.keys(AUDIT_ACTIONS) as AuditAction[];

/**
 * "intent" is written before an upstream call (Argo CD, Jenkins, git…) and followed by its
 * "success" or "failure" event (lib/server/audit/audited-action.ts); "denied" records a refusal.
 */
export const AUDIT_OUTCOMES = ["success", "failure", "denied", "intent"] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** What an event is about; the audit page links promotion and infra_run targets to their pages. */
export const AUDIT_TARGET_TYPES = [
  "promotion",
  "infra_run",
  "application",
  "environment",
  "user",
  "audit",
  "config",
] as const;
export type AuditTargetType = (typeof AUDIT_TARGET_TYPES)[number];

export function isAuditAction(value: string): value is AuditAction {
  return Object.hasOwn(AUDIT_ACTIONS, value);
}

export function auditActionLabel(action: string): string {
  return isAuditAction(action) ? AUDIT_ACTIONS[action].label : action;
}

/** Page a target links to, or null when it has none. */
export function auditTargetHref(targetType: string | null, targetId: string | null): string | null {
  if (!targetType || !targetId) return null;
  const id = encodeURIComponent(targetId);
  switch (targetType) {
    case "promotion":
      return `/promotions/${id}`;
    case "infra_run":
      return `/infrastructure/runs/${id}`;
    case "application": {
      // Application targets are "<app>/<env>": each part is its own path segment (not "%2F").
      const [app, env, ...rest] = targetId.split("/");
      if (!app || !env || rest.length > 0) return null;
      return `/applications/${encodeURIComponent(app)}/${encodeURIComponent(env)}`;
    }
    case "environment":
      return `/environments/${id}`;
    default:
      return null;
  }
}
