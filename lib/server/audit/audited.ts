import "server-only";
// auditedAction bound to the portal's database and logger (the core, with its injected deps, is
// in audited-action.ts and unit-tested there; the deps themselves in portal-deps.ts).
import { authorize, getPrincipal } from "@/lib/auth/session";
import type { Action, Principal } from "@/lib/domain/roles";
import { unauthorized } from "@/lib/http/errors";
import type { RequestContext } from "@/lib/http/request-context";
import {
  type AuditContext,
  type AuditedActionOptions,
  type AuditedActionSpec,
  type AuditIntent,
  auditContext,
  createAuditedAction,
  recordDenied,
} from "./audited-action";
import { auditDeps } from "./portal-deps";

/** See audited-action.ts: intent before the call, outcome after, refusal if the log is down. */
export function auditedAction<T>(
  ctx: AuditContext,
  spec: AuditedActionSpec,
  run: (intent: AuditIntent) => Promise<T>,
  opts?: AuditedActionOptions<T>,
): Promise<T> {
  return createAuditedAction(auditDeps)(ctx, spec, run, opts);
}

/**
 * requireApiPrincipal for routes that change something: a signed-in caller allowed `permission`
 * (in `env`), and a refusal recorded as a "denied" event of `spec.action` before the 403 goes out.
 */
export async function requireAuditedPrincipal(
  ctx: RequestContext,
  permission: Action,
  spec: Omit<AuditedActionSpec, "authorize">,
): Promise<Principal> {
  const principal = await getPrincipal();
  if (!principal) throw unauthorized();
  try {
    authorize(principal, permission, spec.environment ?? undefined);
  } catch (err) {
    await recordDenied(auditDeps, auditContext(principal, ctx), spec, err);
    throw err;
  }
  return principal;
}
