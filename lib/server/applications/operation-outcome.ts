// The real outcome of a sync or rollback the portal started: Argo CD answers the POST as soon as
// the operation is queued, so the portal records "argocd.sync_started" then, and this module
// records "argocd.sync" success/failure (linked to the intent by intentSeq) once Argo CD's
// operation ends. It runs on the job queue (./jobs.ts), not in the request: nobody has to keep
// the page open, and a portal restart resumes the watch.
import type { JsonValue } from "@/lib/domain/audit-chain";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { AppStatus } from "@/lib/integrations/argocd/api";
import { AUDIT_CHAIN_LOCK_KEY, type AuditActor, type AuditEventInput, recordAudit } from "@/lib/server/audit/record";

export interface OperationWatch {
  action: "argocd.sync" | "argocd.rollback";
  argoApp: string;
  application: string;
  environment: string;
  /** The intent event this outcome closes. */
  intentSeq: string;
  /**
   * Argo CD's operationState.startedAt in the accepted answer: identifies *our* operation. Null when
   * Argo CD answered with the request only (its controller had not started it): then the first
   * operation started since `requestedAt` is ours.
   */
  operationStartedAt: string | null;
  /** When the portal called Argo CD (ISO). */
  requestedAt: string;
  actor: AuditActor;
  correlationId: string | null;
  details: Record<string, JsonValue>;
}

export type Verdict =
  | { done: false }
  | { done: true; outcome: "success" | "failure"; details: Record<string, JsonValue> };

const RUNNING = new Set(["Running", "Terminating"]);
/** Argo CD's clock may be a little behind the portal's. */
const CLOCK_SKEW_MS = 5_000;

/**
 * Reads Argo CD's answer for the watched operation. Pure. Argo CD keeps only the latest
 * operationState, so when another operation replaced ours the history tells whether ours deployed.
 */
export function judgeOperation(
  status: AppStatus,
  watch: Pick<OperationWatch, "operationStartedAt" | "requestedAt">,
): Verdict {
  const started = (at: string | null) =>
    at !== null &&
    (watch.operationStartedAt !== null
      ? at === watch.operationStartedAt
      : Date.parse(at) >= Date.parse(watch.requestedAt) - CLOCK_SKEW_MS);
  // Our request still sits in the Application's .operation (queued or running): not ended. Without
  // this, a previous operation that finished just before the request would pass for ours.
  if (watch.operationStartedAt === null && status.requestedOperation) return { done: false };
  const op = status.operation;
  if (op && started(op.startedAt)) {
    if (RUNNING.has(op.phase)) return { done: false };
    const durationMs = op.finishedAt ? Math.max(0, Date.parse(op.finishedAt) - Date.parse(op.startedAt)) : null;
    return {
      done: true,
      outcome: op.phase === "Succeeded" ? "success" : "failure",
      details: {
        phase: op.phase,
        message: op.message.slice(0, 500),
        revision: op.revision,
        resourcesSynced: op.resourcesDone,
        resourcesTotal: op.resourcesTotal,
        operationStartedAt: op.startedAt,
        operationFinishedAt: op.finishedAt,
        ...(durationMs !== null ? { operationMs: durationMs } : {}),
      },
    };
  }
  const deployed = status.history.find((h) => started(h.startedAt));
  if (deployed) {
    return {
      done: true,
      outcome: "success",
      details: {
        phase: "Succeeded",
        message: "deployed (seen in history)",
        revision: deployed.revision,
        historyId: deployed.id,
      },
    };
  }
  // Only the request so far: Argo CD's controller has not started it yet.
  if (watch.operationStartedAt === null) return { done: false };
  return {
    done: true,
    outcome: "failure",
    details: {
      phase: "Unknown",
      message:
        "Argo CD replaced the operation with a later one before it was seen to end, and it is not in the history",
    },
  };
}

/** The outcome event that closes the intent. */
export function outcomeEvent(watch: OperationWatch, verdict: Extract<Verdict, { done: true }>): AuditEventInput {
  return {
    action: watch.action,
    outcome: verdict.outcome,
    actor: watch.actor,
    environment: watch.environment,
    application: watch.application,
    target: { type: "application", id: `${watch.application}/${watch.environment}` },
    correlationId: watch.correlationId,
    details: { ...watch.details, intentSeq: watch.intentSeq, ...verdict.details },
  };
}

/** The outcome when the operation is still running after the watch's deadline. */
export function timedOutVerdict(minutes: number): Extract<Verdict, { done: true }> {
  return {
    done: true,
    outcome: "failure",
    details: { phase: "Running", message: `still running after ${minutes} min: the portal stopped waiting` },
  };
}

export interface FollowDeps {
  argocd: { getApplication(name: string): Promise<AppStatus> };
  /** Writes the outcome unless one already closes the same intent (a retried job); true if written. */
  recordOnce: (event: AuditEventInput) => Promise<boolean>;
  /** Hands the watch over to the next hop (a new job, so no job runs for longer than one hop). */
  enqueueHop: (watch: OperationWatch, hop: number) => Promise<void>;
  tickMs: number;
  hopMs: number;
  maxHops: number;
}

/**
 * One hop of the watch: reads Argo CD every tick until the operation ends (then records the
 * outcome) or the hop's time is up (then enqueues the next hop; after the last one, records that
 * the portal stopped waiting). An unreachable Argo CD throws, so the queue retries the hop.
 */
export async function followOperation(
  deps: FollowDeps,
  watch: OperationWatch,
  hop: number,
  signal: AbortSignal,
): Promise<"recorded" | "handed-over"> {
  const until = Date.now() + deps.hopMs;
  while (!signal.aborted) {
    const verdict = judgeOperation(await deps.argocd.getApplication(watch.argoApp), watch);
    if (verdict.done) {
      await deps.recordOnce(outcomeEvent(watch, verdict));
      return "recorded";
    }
    if (Date.now() + deps.tickMs > until) break;
    await new Promise((r) => setTimeout(r, deps.tickMs));
  }
  // Shutting down: fail the hop so the queue retries it (here or in another process).
  if (signal.aborted) throw new Error(`watch of ${watch.argoApp} interrupted; the queue retries it`);
  if (hop + 1 >= deps.maxHops) {
    await deps.recordOnce(outcomeEvent(watch, timedOutVerdict(Math.round((deps.hopMs * deps.maxHops) / 60_000))));
    return "recorded";
  }
  await deps.enqueueHop(watch, hop + 1);
  return "handed-over";
}

type OutcomeDb = Pick<PrismaClient, "$transaction">;

/** Writes the outcome unless one already closes the same intent (a retried hop), atomically. */
export async function recordOutcomeOnce(db: OutcomeDb, event: AuditEventInput): Promise<boolean> {
  return db.$transaction(async (tx) => {
    // The chain's own lock (re-entrant within the transaction) serialises this check with every append.
    await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK_KEY})`);
    const [row] = await tx.$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM audit_event
        WHERE action = $1 AND outcome IN ('success', 'failure') AND details->>'intentSeq' = $2`,
      event.action,
      String(event.details?.intentSeq ?? ""),
    );
    if ((row?.n ?? 0) > 0) return false;
    await recordAudit(tx, event);
    return true;
  });
}
