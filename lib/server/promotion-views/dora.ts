import "server-only";
// DORA inputs from the portal's own records: promotions that deployed (succeeded, failed,
// rolled back), the times of their steps from the audit log, and when each tag was first
// committed to the first environment. The figures themselves are lib/domain/dora.ts.
import type { Catalog } from "@/lib/catalog";
import type { DbTx } from "@/lib/db";
import { type DeploymentOutcome, type DeploymentRecord, type DoraReport, doraReport } from "@/lib/domain/dora";
import { type HistoryFilters, windowStart } from "@/lib/domain/promotion-filters";

const OUTCOMES: Record<string, DeploymentOutcome> = {
  succeeded: "succeeded",
  failed: "failed",
  rolled_back: "rolled_back",
  "rolled-back": "rolled_back",
};

/** The key of an application's tag in a FirstCommitLookup's answer. */
export const tagKey = (application: string, imageTag: string) => `${application}\u0000${imageTag}`;

/** When each tag first reached the first environment (dev), by tagKey; an unknown one is absent. */
export type FirstCommitLookup = (tags: { application: string; imageTag: string }[]) => Promise<Map<string, Date>>;

export interface DoraRow {
  application: string;
  environment: string;
  report: DoraReport;
}

export interface DoraView {
  /** Everything matching the filters together (the charts). */
  overall: DoraReport;
  /** One summary per application × environment with deployments. */
  rows: DoraRow[];
}

/**
 * A deployment's timing: the executor's deployedAt (commit pushed) and finishedAt, and for rows
 * written before those columns, the audit trail (the commit event starts it, the last event ends it).
 */
async function deploymentRecords(
  db: DbTx,
  catalog: Catalog,
  f: HistoryFilters,
  now: Date,
): Promise<DeploymentRecord[]> {
  const from = windowStart(f.window, now);
  const promotions = await db.promotion.findMany({
    where: {
      status: { in: Object.keys(OUTCOMES) },
      updatedAt: { gte: from },
      ...(f.application ? { application: f.application } : {}),
      ...(f.environment ? { toEnvironment: f.environment } : {}),
    },
    select: {
      id: true,
      application: true,
      toEnvironment: true,
      imageTag: true,
      status: true,
      createdAt: true,
      updatedAt: true,
      deployedAt: true,
      finishedAt: true,
    },
    take: 5000,
  });
  if (promotions.length === 0) return [];
  const untimed = promotions.filter((p) => !p.deployedAt || !p.finishedAt).map((p) => p.id);
  // Rows the executor timed need no audit trail: read it only for the others.
  const events =
    untimed.length === 0
      ? []
      : await db.auditEvent.findMany({
          where: { targetType: "promotion", targetId: { in: untimed } },
          select: { targetId: true, action: true, outcome: true, occurredAt: true },
          orderBy: { seq: "asc" },
        });
  const byPromotion = new Map<string, typeof events>();
  for (const e of events) byPromotion.set(e.targetId!, [...(byPromotion.get(e.targetId!) ?? []), e]);
  const known = new Set(catalog.environments.map((e) => e.name));
  return promotions
    .filter((p) => known.has(p.toEnvironment))
    .map((p) => {
      const trail = byPromotion.get(p.id) ?? [];
      const pushed = trail.find((e) => e.action === "promotion.executed" && e.outcome === "success");
      const last = trail.at(-1);
      return {
        application: p.application,
        environment: p.toEnvironment,
        imageTag: p.imageTag,
        outcome: OUTCOMES[p.status]!,
        deployedAt: p.deployedAt ?? pushed?.occurredAt ?? p.createdAt,
        finishedAt: p.finishedAt ?? (last && last.occurredAt > p.updatedAt ? last.occurredAt : p.updatedAt),
      };
    });
}

export async function doraView(
  db: DbTx,
  catalog: Catalog,
  f: HistoryFilters,
  firstCommitAt: FirstCommitLookup,
  now = new Date(),
): Promise<DoraView> {
  const deployments = await deploymentRecords(db, catalog, f, now);
  const tags = new Map(deployments.map((d) => [tagKey(d.application, d.imageTag), d]));
  // A lookup that fails leaves lead time unknown; the other figures stand.
  const firsts = await firstCommitAt([...tags.values()]).catch(() => new Map<string, Date>());
  const lookup = (app: string, tag: string) => firsts.get(tagKey(app, tag)) ?? null;
  const window = { from: windowStart(f.window, now), to: now };
  const groups = new Map<string, DeploymentRecord[]>();
  for (const d of deployments) {
    const k = `${d.application}\u0000${d.environment}`;
    groups.set(k, [...(groups.get(k) ?? []), d]);
  }
  const order = (env: string) => catalog.promotionPath.indexOf(env);
  return {
    overall: doraReport({ deployments, firstCommitAt: lookup, window }),
    rows: [...groups.entries()]
      .map(([k, deps]) => {
        const [application, environment] = k.split("\u0000") as [string, string];
        return { application, environment, report: doraReport({ deployments: deps, firstCommitAt: lookup, window }) };
      })
      .sort((a, b) => a.application.localeCompare(b.application) || order(a.environment) - order(b.environment)),
  };
}
