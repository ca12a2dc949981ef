// What the promotion service and executor need from the world, in domain words. The real
// implementations come from lib/integrations (Argo CD, Grafana, the GitOps repository) and
// lib/server (audit, jobs, Slack); tests inject their own.
import type { Catalog } from "@/lib/catalog";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { ArgoCdApi } from "@/lib/integrations/argocd/api";
import type { GitOpsApi } from "@/lib/integrations/git/api";
import type { GrafanaApi } from "@/lib/integrations/grafana/api";
import type { AuditedAction } from "@/lib/server/audit/audited-action";

export type { GitOpsApi, PushedCommit, TargetValues } from "@/lib/integrations/git/api";

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
  git: Pick<GitOpsApi, "readTarget" | "commitPromotion" | "revertPromotion" | "rollbackToPromotion">;
  audited: AuditedAction;
  timing: ExecutorTiming;
  now: () => Date;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}
