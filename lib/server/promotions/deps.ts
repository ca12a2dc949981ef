import "server-only";
// The promotion service and executor wired to the portal's database, catalog, adapters, audit log,
// Slack outbox and job queue. Built once per process. No Next import on the way (no session): the
// multi-process tests' bare node portal (tests/promotions/portal-process.ts) runs this wiring too.
import { getCatalog } from "@/lib/catalog";
import { getDb } from "@/lib/db";
import { getIntegrations } from "@/lib/integrations";
import { createAuditedAction } from "@/lib/server/audit/audited-action";
import { auditDeps } from "@/lib/server/audit/portal-deps";
import { getJobQueue } from "@/lib/server/jobs";
import { queueSlackMessage } from "@/lib/server/slack";
import type { Notifier } from "./notify";
import { type PromotionDeps, wirePromotions } from "./wiring";

export type { PromotionDeps } from "./wiring";

const notify: Notifier = async (tx, event, promotion) => {
  await queueSlackMessage(tx as Parameters<typeof queueSlackMessage>[0], { kind: "promotion", event, promotion });
};

const holder = globalThis as unknown as { __nuraPromotionDeps?: Promise<PromotionDeps> };

export function promotionDeps(): Promise<PromotionDeps> {
  holder.__nuraPromotionDeps ??= (async () => {
    const db = await getDb();
    // Open before any transaction enqueues (see lib/server/jobs).
    await getJobQueue();
    const integrations = getIntegrations();
    return wirePromotions({
      db,
      catalog: getCatalog,
      argocd: integrations.argocd,
      grafana: integrations.grafana,
      git: integrations.gitops,
      notify,
      audited: createAuditedAction(auditDeps),
    });
  })();
  holder.__nuraPromotionDeps.catch(() => {
    holder.__nuraPromotionDeps = undefined;
  });
  return holder.__nuraPromotionDeps;
}
