// What the infra services are built from (injected: tests pass a real database and a Jenkins
// client pointed at the sandbox emulator or at a failing fake) and what they hand back.
import type { Catalog } from "@/lib/catalog";
import type { DbTx } from "@/lib/db";
import type { Principal } from "@/lib/domain/roles";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { JenkinsApi, StageProgress } from "@/lib/integrations/jenkins/api";
import type { AuditActor } from "@/lib/server/audit/record";
import type { QueueTx } from "@/lib/server/jobs/queue";
import type { SlackNotice } from "@/lib/server/slack/notice";

export interface InfraConfig {
  planJob: string;
  applyJob: string;
  planTtlMinutes: number;
  lockTtlSeconds: number;
  runTimeoutMinutes: number;
}

export interface InfraDeps {
  db: PrismaClient;
  jenkins: JenkinsApi;
  catalog: () => Promise<Catalog>;
  config: InfraConfig;
  /**
   * Enqueues the job that follows the run in Jenkins (lib/server/infra/jobs.ts), inside the
   * transaction that creates the run; tests without a queue drive syncRun themselves.
   */
  enqueueTracking?: (tx: QueueTx, runId: string) => Promise<void>;
  /** Queues a Slack message in the transaction of the change it announces (lib/server/slack). */
  notify?: (tx: DbTx & QueueTx, notice: SlackNotice) => Promise<unknown>;
  /** Counts plan/apply/abort outcomes (Prometheus business events); optional in tests. */
  countEvent?: (kind: string, environment: string, outcome: string) => void;
}

/** Who acts: a signed-in principal, or the drift schedule (no principal). */
export interface Caller {
  principal: Principal | null;
  actor: AuditActor;
  correlationId?: string | null;
}

export interface RunDto {
  id: string;
  environment: string;
  kind: "plan" | "apply";
  status: string;
  trigger: string;
  requestedBy: string | null;
  requestedById: string | null;
  approvedBy: string | null;
  approvedAt: string | null;
  approvalReason: string | null;
  jenkinsJob: string | null;
  buildNumber: number | null;
  queueId: number | null;
  planSha256: string | null;
  planRunId: string | null;
  hasChanges: boolean | null;
  stages: StageProgress[];
  failureReason: string | null;
  failureHint: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** Plans only: when approval/apply stops being possible, and why it already is not. */
  expiresAt: string | null;
  unusableReason: string | null;
  lock: { holderName: string; runId: string; expiresAt: string; heartbeatAt: string } | null;
}
