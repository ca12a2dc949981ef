// Sync, Refresh, Rollback and Terminate: resolve the catalog's Argo CD application, then run the
// call through auditedAction — the role check for the environment (a refusal is audited "denied"),
// the intent event before Argo CD is called (refused if it cannot be written), the outcome after.
// A sync or rollback only *starts* an operation: Argo CD's acceptance is recorded as
// "argocd.<action>_started", and the real outcome (argocd.<action> success/failure) is written by
// the job that follows the operation to its end (./operation-outcome.ts), linked by intentSeq.
import type { Catalog } from "@/lib/catalog";
import type { AuditAction } from "@/lib/domain/audit-actions";
import type { JsonValue } from "@/lib/domain/audit-chain";
import type { Principal } from "@/lib/domain/roles";
import { badRequest, conflict, errorStatus, isIntegrationError, notFound } from "@/lib/http/errors";
import { type AppStatus, type ArgoCdApi, resourceKey, type SyncResource } from "@/lib/integrations/argocd/api";
import type { AuditContext, AuditedAction } from "@/lib/server/audit/audited-action";
import { resolveAppEnv } from "./detail";
import type { OperationWatch } from "./operation-outcome";
import type { ArgoActionResult } from "./types";

export type ArgoAction = "sync" | "refresh" | "rollback" | "terminate";

export interface ActionDeps {
  argocd: Pick<
    ArgoCdApi,
    "sync" | "refresh" | "rollback" | "terminateOperation" | "getApplication" | "managedResources"
  >;
  catalog: () => Promise<Catalog>;
  authorize: (principal: Principal, action: "argocd.sync" | "argocd.refresh", env: string) => void;
  auditedAction: AuditedAction;
  countEvent: (kind: string, env: string, outcome: string) => void;
  /** Follows a started operation to its end on the job queue, which records the real outcome. */
  watchOperation: (watch: OperationWatch) => Promise<void>;
}

type Base = { principal: Principal; audit: AuditContext; application: string; environment: string };
export type ActionInput = Base &
  (
    | { action: "sync"; prune?: boolean; dryRun?: boolean; resources?: SyncResource[] }
    | { action: "refresh" }
    | { action: "rollback"; id: number; prune?: boolean; dryRun?: boolean }
    | { action: "terminate" }
  );

/** The audit action of each, and the permission it needs (rollback and terminate: those of Sync). */
const AUDIT: Record<ArgoAction, { action: AuditAction; permission: "argocd.sync" | "argocd.refresh" }> = {
  sync: { action: "argocd.sync", permission: "argocd.sync" },
  refresh: { action: "argocd.refresh", permission: "argocd.refresh" },
  rollback: { action: "argocd.rollback", permission: "argocd.sync" },
  terminate: { action: "argocd.terminate", permission: "argocd.sync" },
};

/** Argo CD's own refusals become 4xx that say why; anything else stays an upstream failure. */
function toAppError(err: unknown): unknown {
  if (isIntegrationError(err) && err.status !== null) {
    const detail = err.message.replace(/^\w+: HTTP \d+: /, "");
    if (err.status === 400 || err.status === 409) return conflict(`Argo CD refused: ${detail}`);
    if (err.status === 404) return notFound(`Argo CD does not know this application: ${detail}`);
  }
  return err;
}

/** What the input asks for, recorded on every event of the action. */
function detailsOf(input: ActionInput, argoApp: string): Record<string, JsonValue> {
  switch (input.action) {
    case "sync":
      return {
        argocdApplication: argoApp,
        prune: input.prune ?? false,
        dryRun: input.dryRun ?? false,
        ...(input.resources?.length ? { resources: input.resources.map(resourceKey) } : {}),
      };
    case "rollback":
      return {
        argocdApplication: argoApp,
        historyId: input.id,
        prune: input.prune ?? false,
        dryRun: input.dryRun ?? false,
      };
    default:
      return { argocdApplication: argoApp };
  }
}

export async function runArgoAction(deps: ActionDeps, input: ActionInput): Promise<ArgoActionResult> {
  const catalog = await deps.catalog();
  const { app, env, argoApp } = resolveAppEnv(catalog, input.application, input.environment);
  const { action, permission } = AUDIT[input.action];
  const startsOperation = input.action === "sync" || input.action === "rollback";
  const details = detailsOf(input, argoApp);
  const selected = input.action === "sync" ? input.resources : undefined;
  const spec = {
    action,
    environment: env.name,
    application: app.name,
    target: { type: "application" as const, id: `${app.name}/${env.name}` },
    details,
    authorize: () => deps.authorize(input.principal, permission, env.name),
    // Checked before anything is recorded, so a typo is a 400, not an audited sync of nothing (the
    // list is no secret: every signed-in role reads it on the page). Only for a role that may sync
    // here: any other is refused and audited "denied" first, whatever it names.
    precheck: selected?.length ? () => assertManaged(deps, argoApp, selected) : undefined,
  };
  let intentSeq = "";
  let requestedAt = "";
  try {
    const status = await deps.auditedAction<AppStatus>(
      input.audit,
      spec,
      async (intent): Promise<AppStatus> => {
        intentSeq = intent.seq.toString();
        requestedAt = new Date().toISOString();
        switch (input.action) {
          case "sync":
            return deps.argocd.sync(argoApp, {
              prune: input.prune ?? false,
              dryRun: input.dryRun ?? false,
              resources: input.resources,
            });
          case "refresh":
            return deps.argocd.refresh(argoApp);
          case "rollback":
            return deps.argocd.rollback(argoApp, { id: input.id, prune: input.prune, dryRun: input.dryRun });
          case "terminate":
            await deps.argocd.terminateOperation(argoApp);
            return deps.argocd.getApplication(argoApp);
        }
      },
      {
        successAction: startsOperation ? (`${action}_started` as AuditAction) : undefined,
        outcomeDetails: (s) => ({
          revision: s.operation?.revision ?? s.revision,
          phase: s.operation?.phase ?? null,
          operationStartedAt: s.operation?.startedAt ?? null,
        }),
      },
    );
    if (startsOperation) {
      await deps.watchOperation({
        action: action as OperationWatch["action"],
        argoApp,
        application: app.name,
        environment: env.name,
        intentSeq,
        operationStartedAt: status.operation?.startedAt ?? null,
        requestedAt,
        actor: input.audit.actor,
        correlationId: input.audit.correlationId,
        details,
      });
    }
    deps.countEvent(permission, env.name, "success");
    return { action: input.action, status, auditIntentSeq: intentSeq, outcome: startsOperation ? "started" : "done" };
  } catch (err) {
    deps.countEvent(permission, env.name, errorStatus(err) === 403 ? "denied" : "failure");
    throw toAppError(err);
  }
}

async function assertManaged(deps: ActionDeps, argoApp: string, resources: SyncResource[]) {
  const managed = new Set((await deps.argocd.managedResources(argoApp)).map(resourceKey));
  const unknown = resources.filter((r) => !managed.has(resourceKey(r)));
  if (unknown.length) {
    throw badRequest(`resources not managed by ${argoApp}: ${unknown.map(resourceKey).join(", ")}`);
  }
}
