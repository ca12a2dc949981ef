// What the promotion service and executor need from the world, in domain words. The real
// implementations come from lib/integrations (Argo CD, Grafana, the GitOps repository) and
// lib/server (audit, jobs, Slack); tests inject their own.
import type { Catalog } from "@/lib/catalog";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { ArgoCdApi } from "@/lib/integrations/argocd/api";
import type { GrafanaApi } from "@/lib/integrations/grafana/api";
import type { AuditedAction } from "@/lib/server/audit/audited-action";

export type Person = { name: string; email: string };

/** The commit the GitOps adapter pushed (promote, revert or rollback). */
export interface PushedCommit {
  kind: "promote" | "revert" | "rollback";
  sha: string;
  valuesPath: string;
  previousTag: string | null;
  newTag: string | null;
  unifiedDiff: string;
  alreadyOnRemote: boolean;
  pushAttempts: number;
}

export interface TargetValues {
  valuesPath: string;
  currentTag: string | null;
  blobSha: string;
  headSha: string;
}

/** The slice of lib/integrations/git the promotion flow calls (promotions-git owns the adapter). */
export interface GitOpsPort {
  readTarget(application: Catalog["applications"][number], environment: string): Promise<TargetValues>;
  commitPromotion(input: {
    promotionId: string;
    application: Catalog["applications"][number];
    environment: string;
    imageTag: string;
    expectedBlobSha: string;
    author: Person;
    approvers: Person[];
  }): Promise<PushedCommit>;
  /** Sets the tag back to an earlier succeeded promotion's, as a new commit (kind "rollback"). */
  rollbackToPromotion(input: {
    promotionId: string;
    application: Catalog["applications"][number];
    environment: string;
    imageTag: string;
    rollsBackTo: string;
    reason: string;
    author: Person;
    approvers?: Person[];
    expectedBlobSha?: string;
  }): Promise<PushedCommit>;
  revertPromotion(input: {
    promotionId: string;
    application: Catalog["applications"][number];
    environment: string;
    commitSha: string;
    reason: string;
  }): Promise<PushedCommit>;
}

export interface ExecutorTiming {
  /** A step's lease; renewed while the job works, so a killed holder's lease runs out this long after. */
  leaseMs: number;
  /** Between two Argo CD observations. */
  pollMs: number;
  /** From the commit (auto-sync) or the sync request to Synced + Healthy. */
  syncTimeoutMs: number;
}

export const DEFAULT_TIMING: ExecutorTiming = { leaseMs: 60_000, pollMs: 1_000, syncTimeoutMs: 10 * 60_000 };

export interface ExecutorDeps {
  db: PrismaClient;
  catalog: () => Promise<Catalog>;
  argocd: Pick<ArgoCdApi, "sync" | "getApplication">;
  grafana: Pick<GrafanaApi, "queryRange">;
  git: Pick<GitOpsPort, "readTarget" | "commitPromotion" | "revertPromotion" | "rollbackToPromotion">;
  audited: AuditedAction;
  timing: ExecutorTiming;
  now: () => Date;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}
