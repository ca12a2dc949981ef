import "server-only";
// The process-wide overview service wired to the real adapters, catalog and database.
import { getCatalog } from "@/lib/catalog";
import { getDb } from "@/lib/db";
import { argoAccountOf } from "@/lib/domain/initiator-credit";
import { TERMINAL_STATUSES } from "@/lib/domain/promotions/status";
import { getEnv } from "@/lib/env";
import { getIntegrations } from "@/lib/integrations";
import { recentPortalSyncsByTarget } from "@/lib/server/applications/portal-syncs";
import { type DriftFinding, driftFindings } from "@/lib/server/infra/overview";
import type { PendingPromotion } from "./build";
import { createOverviewService, type OverviewService } from "./service";

export type { Overview, OverviewApplication, OverviewCell, OverviewEnvironment } from "./types";

/** Promotion statuses that end a promotion: the rest count in the pending badge. */
export const FINISHED_PROMOTION_STATUSES: string[] = [...TERMINAL_STATUSES];

export async function loadPendingPromotions(): Promise<PendingPromotion[]> {
  const db = await getDb();
  const rows = await db.promotion.groupBy({
    by: ["application", "toEnvironment"],
    where: { status: { notIn: FINISHED_PROMOTION_STATUSES } },
    _count: { _all: true },
  });
  return rows.map((r) => ({ application: r.application, toEnvironment: r.toEnvironment, count: r._count._all }));
}

/** Each environment's drift, for the cards' drift badge (the infra runs' drift checks). */
export async function loadDrift(): Promise<DriftFinding[]> {
  const [db, catalog] = await Promise.all([getDb(), getCatalog()]);
  return driftFindings(
    db,
    catalog.environments.map((e) => e.name),
  );
}

export function commitUrlFor(template: string | undefined) {
  return (sha: string) => (template ? template.replaceAll("{sha}", encodeURIComponent(sha)) : null);
}

const holder = globalThis as unknown as { __nuraOverview?: OverviewService };

export function getOverviewService(): OverviewService {
  if (!holder.__nuraOverview) {
    const env = getEnv();
    holder.__nuraOverview = createOverviewService({
      integrations: getIntegrations(),
      catalog: getCatalog,
      pendingPromotions: loadPendingPromotions,
      drift: loadDrift,
      portalSyncs: async () => recentPortalSyncsByTarget(await getDb()),
      portalAccount: argoAccountOf(env.ARGOCD_TOKEN),
      commitUrl: commitUrlFor(env.GITOPS_COMMIT_URL),
      pollIntervalMs: env.POLL_INTERVAL_MS,
    });
  }
  return holder.__nuraOverview;
}

export function getOverview() {
  return getOverviewService().get();
}

export function getOverviewJson() {
  return getOverviewService().getJson();
}
