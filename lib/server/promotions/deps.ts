import "server-only";
// The promotion service and executor wired to the portal's database, catalog, adapters, audit log,
// Slack outbox and job queue. Built once per process.
import { getCatalog } from "@/lib/catalog";
import { getDb } from "@/lib/db";
import { getIntegrations } from "@/lib/integrations";
import { auditDeps } from "@/lib/server/audit/audited";
import { createAuditedAction } from "@/lib/server/audit/audited-action";
import { getJobQueue } from "@/lib/server/jobs";
import { queueSlackMessage } from "@/lib/server/slack";
import type { ExecutorHooks } from "./executor";
import type { Notifier } from "./notify";
import { DEFAULT_TIMING, type ExecutorDeps } from "./ports";
import { enqueuePromotionExecution, schedulePromotionStep } from "./register";
import type { ServiceDeps } from "./service";

export type PromotionDeps = { executor: ExecutorDeps; hooks: ExecutorHooks; service: ServiceDeps };

const notify: Notifier = async (tx, event, promotion) => {
  await queueSlackMessage(tx as Parameters<typeof queueSlackMessage>[0], { kind: "promotion", event, promotion });
};

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(t);
      resolve();
    });
  });

const holder = globalThis as unknown as { __nuraPromotionDeps?: Promise<PromotionDeps> };

export function promotionDeps(): Promise<PromotionDeps> {
  holder.__nuraPromotionDeps ??= (async () => {
    const db = await getDb();
    // Open before any transaction enqueues (see lib/server/jobs).
    await getJobQueue();
    const integrations = getIntegrations();
    const now = () => new Date();
    const service: ServiceDeps = {
      db,
      catalog: getCatalog,
      git: integrations.gitops,
      argocd: integrations.argocd,
      notify,
      schedule: schedulePromotionStep,
      now,
    };
    const executor: ExecutorDeps = {
      db,
      catalog: getCatalog,
      argocd: integrations.argocd,
      grafana: integrations.grafana,
      git: integrations.gitops,
      audited: createAuditedAction(auditDeps),
      timing: DEFAULT_TIMING,
      now,
      sleep,
    };
    const hooks: ExecutorHooks = {
      notify,
      requeue: enqueuePromotionExecution,
    };
    return { executor, hooks, service };
  })();
  holder.__nuraPromotionDeps.catch(() => {
    holder.__nuraPromotionDeps = undefined;
  });
  return holder.__nuraPromotionDeps;
}
