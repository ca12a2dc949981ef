import "server-only";
// The audit event of an infra state change, always with the environment, run, build number and plan
// hash, written by the caller inside the transaction of that change (lib/server/audit/record.ts).
import type { AuditAction, AuditOutcome } from "@/lib/domain/audit-actions";
import type { InfraRun } from "@/lib/generated/prisma/client";
import { recordAudit } from "@/lib/server/audit/record";
import type { AuditTx } from "@/lib/server/audit/types";
import type { Caller } from "./types";

export async function auditRun(
  tx: AuditTx,
  caller: Pick<Caller, "actor" | "correlationId">,
  action: AuditAction,
  outcome: AuditOutcome,
  run: Pick<InfraRun, "id" | "environment" | "kind" | "buildNumber" | "planSha256" | "jenkinsJob" | "trigger">,
  details: Record<string, string | number | boolean | null> = {},
): Promise<void> {
  await recordAudit(tx, {
    action,
    outcome,
    actor: caller.actor,
    environment: run.environment,
    target: { type: "infra_run", id: run.id },
    correlationId: caller.correlationId ?? null,
    details: {
      kind: run.kind,
      trigger: run.trigger,
      jenkinsJob: run.jenkinsJob,
      buildNumber: run.buildNumber,
      planSha256: run.planSha256,
      ...details,
    },
  });
}
