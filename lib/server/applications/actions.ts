// Sync and Refresh: check the caller's role for the environment, call Argo CD, then record the
// audit event with the outcome (success or failure) in its own transaction. The external call
// cannot join a database transaction, so the event is written after it, retried, and — if the
// database stays unreachable — logged in full so it is never silently lost.
import type { Catalog } from "@/lib/catalog";
import type { AuditAction } from "@/lib/domain/audit-actions";
import type { Principal } from "@/lib/domain/roles";
import { AppError, conflict, IntegrationError, notFound } from "@/lib/http/errors";
import type { AppStatus, ArgoCdApi } from "@/lib/integrations/argocd/api";
import type { AuditActor, AuditEventInput } from "@/lib/server/audit/record";
import { resolveAppEnv } from "./detail";
import type { ArgoActionResult } from "./types";

export type ArgoAction = "sync" | "refresh";

export interface ActionDeps {
  argocd: Pick<ArgoCdApi, "sync" | "refresh">;
  catalog: () => Promise<Catalog>;
  authorize: (principal: Principal, action: "argocd.sync" | "argocd.refresh", env: string) => void;
  /** Writes one audit event in a transaction (the real one: db.$transaction + recordAudit). */
  writeAudit: (event: AuditEventInput) => Promise<void>;
  logLostAudit: (event: AuditEventInput, err: unknown) => void;
  countEvent: (kind: string, env: string, outcome: string) => void;
  retryDelaysMs?: number[];
}

export interface ActionInput {
  principal: Principal;
  actor: AuditActor;
  application: string;
  environment: string;
  action: ArgoAction;
  prune?: boolean;
  correlationId?: string;
}

/** Argo CD's own refusals become 4xx that say why; anything else stays an upstream failure. */
function toAppError(err: unknown): unknown {
  if (err instanceof IntegrationError && err.status !== null) {
    const detail = err.message.replace(/^\w+: HTTP \d+: /, "");
    if (err.status === 400 || err.status === 409) return conflict(`Argo CD refused: ${detail}`);
    if (err.status === 404) return notFound(`Argo CD does not know this application: ${detail}`);
  }
  return err;
}

async function writeWithRetry(deps: ActionDeps, event: AuditEventInput): Promise<boolean> {
  const delays = deps.retryDelaysMs ?? [100, 400, 1600];
  let lastErr: unknown;
  for (let attempt = 0; attempt <= delays.length; attempt++) {
    try {
      await deps.writeAudit(event);
      return true;
    } catch (err) {
      lastErr = err;
      const d = delays[attempt];
      if (d !== undefined) await new Promise((r) => setTimeout(r, d));
    }
  }
  deps.logLostAudit(event, lastErr);
  return false;
}

export async function runArgoAction(deps: ActionDeps, input: ActionInput): Promise<ArgoActionResult> {
  const catalog = await deps.catalog();
  const { app, env, argoApp } = resolveAppEnv(catalog, input.application, input.environment);
  const permission = input.action === "sync" ? "argocd.sync" : "argocd.refresh";
  deps.authorize(input.principal, permission, env.name);

  const auditAction: AuditAction = input.action === "sync" ? "argocd.sync" : "argocd.refresh";
  const started = Date.now();
  let status: AppStatus | undefined;
  let failure: unknown;
  try {
    status =
      input.action === "sync"
        ? await deps.argocd.sync(argoApp, { prune: input.prune ?? false })
        : await deps.argocd.refresh(argoApp);
  } catch (err) {
    failure = err;
  }
  const outcome = failure ? "failure" : "success";
  const event: AuditEventInput = {
    action: auditAction,
    outcome,
    actor: input.actor,
    environment: env.name,
    application: app.name,
    target: { type: "application", id: `${app.name}/${env.name}` },
    correlationId: input.correlationId ?? null,
    details: {
      argocdApplication: argoApp,
      durationMs: Date.now() - started,
      ...(input.action === "sync" ? { prune: input.prune ?? false } : {}),
      ...(status
        ? { revision: status.operation?.revision ?? status.revision, phase: status.operation?.phase ?? null }
        : { error: failure instanceof Error ? failure.message.slice(0, 500) : String(failure) }),
    },
  };
  const auditRecorded = await writeWithRetry(deps, event);
  deps.countEvent(auditAction, env.name, outcome);
  if (failure) {
    const mapped = toAppError(failure);
    throw mapped instanceof AppError || mapped instanceof IntegrationError ? mapped : failure;
  }
  return { action: input.action, status: status!, auditRecorded };
}
