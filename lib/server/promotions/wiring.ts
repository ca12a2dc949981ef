// The promotion service, executor and executor hooks from their parts: one place that says how
// they fit together (the schedule is the job queue, the executor requeues itself on it), used by
// the portal (deps.ts), the integration tests' world and the approve → pushed benchmark, which
// differ only in the parts they pass.
import type { Catalog } from "@/lib/catalog";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { AuditedAction } from "@/lib/server/audit/audited-action";
import type { ExecutorHooks } from "./executor";
import type { Notifier } from "./notify";
import { DEFAULT_TIMING, type ExecutorDeps, type ExecutorTiming, type GitOpsApi } from "./ports";
import { enqueuePromotionExecution, schedulePromotionStep } from "./register";
import type { ServiceDeps } from "./service";

export type PromotionDeps = { executor: ExecutorDeps; hooks: ExecutorHooks; service: ServiceDeps };

/** setTimeout that ends early when the job is aborted (its lease then runs out for the retry). */
export const abortableSleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(t);
      resolve();
    });
  });

export function wirePromotions(parts: {
  db: PrismaClient;
  catalog: () => Promise<Catalog>;
  argocd: ExecutorDeps["argocd"] & ServiceDeps["argocd"];
  grafana: ExecutorDeps["grafana"];
  git: Pick<GitOpsApi, "readTarget" | "commitPromotion" | "revertPromotion" | "rollbackToPromotion">;
  notify: Notifier;
  audited: AuditedAction;
  timing?: Partial<ExecutorTiming>;
  now?: () => Date;
}): PromotionDeps {
  const now = parts.now ?? (() => new Date());
  const service: ServiceDeps = {
    db: parts.db,
    catalog: parts.catalog,
    git: parts.git,
    argocd: parts.argocd,
    notify: parts.notify,
    schedule: schedulePromotionStep,
    now,
  };
  const executor: ExecutorDeps = {
    db: parts.db,
    catalog: parts.catalog,
    argocd: parts.argocd,
    grafana: parts.grafana,
    git: parts.git,
    audited: parts.audited,
    timing: { ...DEFAULT_TIMING, ...parts.timing },
    now,
    sleep: abortableSleep,
  };
  return { executor, hooks: { notify: parts.notify, requeue: enqueuePromotionExecution }, service };
}
