// Sync and Refresh: resolve the catalog's Argo CD application, then run the call through
// auditedAction — the role check for the environment (a refusal is audited "denied"), the intent
// event before Argo CD is called (refused if it cannot be written), the outcome after.
import type { Catalog } from "@/lib/catalog";
import type { Principal } from "@/lib/domain/roles";
import { conflict, errorStatus, isIntegrationError, notFound } from "@/lib/http/errors";
import type { AppStatus, ArgoCdApi } from "@/lib/integrations/argocd/api";
import type { AuditContext, AuditedAction } from "@/lib/server/audit/audited-action";
import { resolveAppEnv } from "./detail";
import type { ArgoActionResult } from "./types";

export type ArgoAction = "sync" | "refresh";

export interface ActionDeps {
  argocd: Pick<ArgoCdApi, "sync" | "refresh">;
  catalog: () => Promise<Catalog>;
  authorize: (principal: Principal, action: "argocd.sync" | "argocd.refresh", env: string) => void;
  auditedAction: AuditedAction;
  countEvent: (kind: string, env: string, outcome: string) => void;
}

export interface ActionInput {
  principal: Principal;
  audit: AuditContext;
  application: string;
  environment: string;
  action: ArgoAction;
  prune?: boolean;
}

/** Argo CD's own refusals become 4xx that say why; anything else stays an upstream failure. */
function toAppError(err: unknown): unknown {
  if (isIntegrationError(err) && err.status !== null) {
    const detail = err.message.replace(/^\w+: HTTP \d+: /, "");
    if (err.status === 400 || err.status === 409) return conflict(`Argo CD refused: ${detail}`);
    if (err.status === 404) return notFound(`Argo CD does not know this application: ${detail}`);
  }
  return err;
}

export async function runArgoAction(deps: ActionDeps, input: ActionInput): Promise<ArgoActionResult> {
  const catalog = await deps.catalog();
  const { app, env, argoApp } = resolveAppEnv(catalog, input.application, input.environment);
  const permission = input.action === "sync" ? "argocd.sync" : "argocd.refresh";
  let intentSeq = "";
  try {
    const status = await deps.auditedAction(
      input.audit,
      {
        action: permission,
        environment: env.name,
        application: app.name,
        target: { type: "application", id: `${app.name}/${env.name}` },
        details: { argocdApplication: argoApp, ...(input.action === "sync" ? { prune: input.prune ?? false } : {}) },
        authorize: () => deps.authorize(input.principal, permission, env.name),
      },
      async (intent): Promise<AppStatus> => {
        intentSeq = intent.seq.toString();
        return input.action === "sync"
          ? deps.argocd.sync(argoApp, { prune: input.prune ?? false })
          : deps.argocd.refresh(argoApp);
      },
      {
        outcomeDetails: (s) => ({ revision: s.operation?.revision ?? s.revision, phase: s.operation?.phase ?? null }),
      },
    );
    deps.countEvent(permission, env.name, "success");
    return { action: input.action, status, auditIntentSeq: intentSeq };
  } catch (err) {
    deps.countEvent(permission, env.name, errorStatus(err) === 403 ? "denied" : "failure");
    throw toAppError(err);
  }
}
