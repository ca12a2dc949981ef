// Audit before action: the one way to wrap a call that changes something outside the database
// (Argo CD, Jenkins, git push, Slack…), where the change and its event cannot share a transaction.
//
//   const status = await auditedAction(
//     auditContext(principal, ctx),                     // who, from where, which request
//     { action: "argocd.sync", environment: "prod", application: "nura-core",
//       target: { type: "application", id: "nura-core/prod" },
//       authorize: () => authorize(principal, "argocd.sync", "prod"),   // 403 → a "denied" event
//       details: { prune: false } },
//     async (intent) => argocd.sync("nura-core-prod"),  // runs only once the intent is recorded
//     { outcomeDetails: (s) => ({ revision: s.revision }) },
//   );
//
// 1. `authorize` runs first; if it throws a 403 the refusal is recorded (outcome "denied") and rethrown.
//    `precheck` (optional) then validates the input against the upstream; its refusal records nothing.
// 2. The intent event (outcome "intent") is written and committed. If that write fails the action
//    is refused with a 503 and the upstream is never called: no action happens unaudited.
// 3. The action runs; its outcome ("success", or "failure" with the reason) is written with
//    retries, and logged in full if the database stays down (the intent is already on record).
// Every field goes through normaliseAuditInput, so nothing a client sends can fail a write.
import type { AuditAction, AuditTargetType } from "@/lib/domain/audit-actions";
import type { JsonValue } from "@/lib/domain/audit-chain";
import { type Principal, primaryRole } from "@/lib/domain/roles";
import { errorStatus, isAppError, isIntegrationError, serviceUnavailable } from "@/lib/http/errors";
import type { RequestContext } from "@/lib/http/request-context";
import type { AuditActor, AuditEventInput, RecordedAuditEvent } from "./record";

/** Who acts, from where, in which request: built once per request. */
export type AuditContext = { principal: Principal | null; actor: AuditActor; correlationId: string };

export function auditContext(principal: Principal | null, ctx: RequestContext): AuditContext {
  return {
    principal,
    actor: {
      id: principal?.id ?? null,
      email: principal?.email ?? null,
      role: principal ? primaryRole(principal) : null,
      ip: ctx.clientIp,
      userAgent: ctx.userAgent,
    },
    correlationId: ctx.requestId,
  };
}

export type AuditedActionSpec = {
  action: AuditAction;
  environment?: string | null;
  application?: string | null;
  target?: { type: AuditTargetType; id: string } | null;
  /** Recorded on every event of the action (intent, outcome, denial). */
  details?: Record<string, JsonValue>;
  /** The role check; a 403 it throws is audited as "denied" and rethrown. */
  authorize?: () => void;
  /**
   * Checks of the input that only an authorized caller gets (run after `authorize`, before the
   * intent): what it throws (a 400 naming the typo) is rethrown with nothing recorded.
   */
  precheck?: () => Promise<void>;
};

export type AuditIntent = { seq: bigint; id: string };

export interface AuditedActionDeps {
  /** Writes one event and commits it (db.$transaction + recordAudit). */
  write: (event: AuditEventInput) => Promise<RecordedAuditEvent>;
  logLost: (event: AuditEventInput, err: unknown) => void;
  retryDelaysMs?: readonly number[];
}

export type AuditedActionOptions<T> = {
  outcomeDetails?: (result: T) => Record<string, JsonValue>;
  /**
   * The name of the success event when the upstream only accepted the request and the real
   * outcome is recorded later under `spec.action` (an Argo CD sync: "argocd.sync_started", then
   * "argocd.sync" success/failure when the operation ends). A refused call is still `spec.action`.
   */
  successAction?: AuditAction;
};

function reasonOf(err: unknown): Record<string, JsonValue> {
  if (isAppError(err)) return { error: err.message.slice(0, 500), code: err.code };
  if (isIntegrationError(err)) return { error: err.message.slice(0, 500), system: err.system };
  return { error: err instanceof Error ? err.message.slice(0, 500) : String(err).slice(0, 500) };
}

async function writeWithRetry(deps: AuditedActionDeps, event: AuditEventInput): Promise<boolean> {
  const delays = deps.retryDelaysMs ?? [100, 400, 1600];
  let lastErr: unknown;
  for (let attempt = 0; attempt <= delays.length; attempt++) {
    try {
      await deps.write(event);
      return true;
    } catch (err) {
      lastErr = err;
      const d = delays[attempt];
      if (d !== undefined) await new Promise((r) => setTimeout(r, d));
    }
  }
  deps.logLost(event, lastErr);
  return false;
}

function baseEvent(ctx: AuditContext, spec: AuditedActionSpec) {
  return {
    action: spec.action,
    actor: ctx.actor,
    environment: spec.environment ?? null,
    application: spec.application ?? null,
    target: spec.target ?? null,
    correlationId: ctx.correlationId,
  } satisfies Partial<AuditEventInput>;
}

/** Records a refusal (outcome "denied") when `err` is a 403; other errors record nothing. */
export async function recordDenied(deps: AuditedActionDeps, ctx: AuditContext, spec: AuditedActionSpec, err: unknown) {
  if (errorStatus(err) !== 403) return;
  await writeWithRetry(deps, {
    ...baseEvent(ctx, spec),
    outcome: "denied",
    details: { ...(spec.details ?? {}), ...reasonOf(err) },
  });
}

export function createAuditedAction(deps: AuditedActionDeps) {
  return async function auditedAction<T>(
    ctx: AuditContext,
    spec: AuditedActionSpec,
    run: (intent: AuditIntent) => Promise<T>,
    opts: AuditedActionOptions<T> = {},
  ): Promise<T> {
    const base = baseEvent(ctx, spec);
    const details = spec.details ?? {};

    if (spec.authorize) {
      try {
        spec.authorize();
      } catch (err) {
        await recordDenied(deps, ctx, spec, err);
        throw err;
      }
    }
    await spec.precheck?.();

    let intent: RecordedAuditEvent;
    try {
      intent = await deps.write({ ...base, outcome: "intent", details });
    } catch (err) {
      deps.logLost({ ...base, outcome: "intent", details }, err);
      throw serviceUnavailable(`The audit log cannot be written, so ${spec.action} was refused; try again shortly`);
    }

    const started = Date.now();
    const link = { ...details, intentSeq: intent.seq.toString() };
    let result: T;
    try {
      result = await run({ seq: intent.seq, id: intent.id });
    } catch (err) {
      await writeWithRetry(deps, {
        ...base,
        outcome: "failure",
        details: { ...link, durationMs: Date.now() - started, ...reasonOf(err) },
      });
      throw err;
    }
    await writeWithRetry(deps, {
      ...base,
      action: opts.successAction ?? spec.action,
      outcome: "success",
      details: { ...link, durationMs: Date.now() - started, ...(opts.outcomeDetails?.(result) ?? {}) },
    });
    return result;
  };
}

export type AuditedAction = ReturnType<typeof createAuditedAction>;
