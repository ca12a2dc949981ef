import "server-only";
// The promotion page's "Roll back" panel: whether this promotion's change can be undone by going
// back to an earlier succeeded promotion of the same application × environment, which ones, whether
// the viewer may, and the rollbacks started since (so their progress shows on this page). The
// server re-checks everything when the button is pressed (lib/domain/promotions requestRollback).
import type { DbTx } from "@/lib/db";
import { isInFlight, MIN_OVERRIDE_REASON_LENGTH, PROMOTION_STATUSES, statusWords } from "@/lib/domain/promotions";
import { can, type EnvironmentScope, type Principal } from "@/lib/domain/roles";
import type { Permission } from "./detail";

export interface RollbackTarget {
  /** The earlier succeeded promotion: POST /api/promotions/{id}/rollback restores its tag. */
  id: string;
  imageTag: string;
  finishedAt: string;
}

export interface RollbackRun {
  id: string;
  imageTag: string;
  status: string;
  failureReason: string | null;
  commitSha: string | null;
  createdAt: string;
  requestedBy: string;
  reason: string | null;
}

export interface RollbackPanel {
  /** Newest first, one per tag; the first is the default. */
  targets: RollbackTarget[];
  permission: Permission;
  /** A later promotion that deployed since this one: rolling back also undoes it. */
  laterDeployed: { id: string; imageTag: string } | null;
  /** Rollbacks requested since this promotion that replaced its tag, oldest first. */
  runs: RollbackRun[];
  minReasonLength: number;
}

const IN_FLIGHT: string[] = PROMOTION_STATUSES.filter(isInFlight);

/** A deployment whose change is (or was) live: succeeded, or failed after its commit without a revert. */
export function isRollbackable(p: { status: string; commitSha: string | null; revertSha: string | null }): boolean {
  return p.status === "succeeded" || (p.status === "failed" && p.commitSha !== null && p.revertSha === null);
}

export async function rollbackPanel(
  db: DbTx,
  p: {
    id: string;
    application: string;
    toEnvironment: string;
    imageTag: string;
    status: string;
    commitSha: string | null;
    revertSha: string | null;
    createdAt: Date;
  },
  viewer: Pick<Principal, "grants">,
  /** The target environment as the catalog has it (environmentScope): whether it is protected. */
  scope: EnvironmentScope,
): Promise<RollbackPanel | null> {
  const same = { application: p.application, toEnvironment: p.toEnvironment };
  const runs = await db.promotion.findMany({
    where: { ...same, kind: "rollback", previousTag: p.imageTag, createdAt: { gt: p.createdAt } },
    orderBy: { createdAt: "asc" },
    take: 20,
    select: {
      id: true,
      imageTag: true,
      status: true,
      failureReason: true,
      commitSha: true,
      createdAt: true,
      requesterName: true,
      requesterEmail: true,
      reason: true,
    },
  });
  if (!isRollbackable(p) && runs.length === 0) return null;
  const [earlier, deployed, inFlight] = await Promise.all([
    db.promotion.findMany({
      where: { ...same, status: "succeeded", createdAt: { lt: p.createdAt }, imageTag: { not: p.imageTag } },
      orderBy: { createdAt: "desc" },
      take: 50,
      select: { id: true, imageTag: true, finishedAt: true, updatedAt: true },
    }),
    // What runs there now: the newest promotion whose change is live (a rolled-back one undid itself).
    db.promotion.findMany({
      where: {
        ...same,
        OR: [{ status: "succeeded" }, { status: "failed", commitSha: { not: null }, revertSha: null }],
      },
      orderBy: { createdAt: "desc" },
      take: 1,
      select: { id: true, imageTag: true, createdAt: true },
    }),
    db.promotion.findFirst({ where: { ...same, status: { in: IN_FLIGHT } }, select: { id: true, status: true } }),
  ]);
  const current = deployed[0] ?? null;
  const seen = new Set<string>(current ? [current.imageTag] : []);
  const targets: RollbackTarget[] = [];
  for (const e of earlier) {
    if (seen.has(e.imageTag) || targets.length >= 10) continue;
    seen.add(e.imageTag);
    targets.push({ id: e.id, imageTag: e.imageTag, finishedAt: (e.finishedAt ?? e.updatedAt).toISOString() });
  }
  const later = current && current.id !== p.id && current.createdAt > p.createdAt ? current : null;
  const roles = scope.protected ? "approver or admin" : "developer, approver or admin";
  const permission: Permission = !isRollbackable(p)
    ? { allowed: false, reason: `this promotion is ${statusWords(p.status)}: there is nothing of it to roll back` }
    : !can(viewer, "promotion.rollback", scope)
      ? { allowed: false, reason: `rolling back in ${p.toEnvironment} needs the ${roles} role there` }
      : inFlight
        ? {
            allowed: false,
            reason: `another promotion of ${p.application} to ${p.toEnvironment} is ${statusWords(inFlight.status)}; wait for it to finish`,
          }
        : targets.length === 0
          ? {
              allowed: false,
              reason:
                `no earlier succeeded promotion of ${p.application} to ${p.toEnvironment} to go back to` +
                (current ? ` (it runs ${current.imageTag} now)` : ""),
            }
          : { allowed: true };
  return {
    targets,
    permission,
    laterDeployed: later ? { id: later.id, imageTag: later.imageTag } : null,
    runs: runs.map((r) => ({
      id: r.id,
      imageTag: r.imageTag,
      status: r.status,
      failureReason: r.failureReason,
      commitSha: r.commitSha,
      createdAt: r.createdAt.toISOString(),
      requestedBy: r.requesterName || r.requesterEmail,
      reason: r.reason,
    })),
    minReasonLength: MIN_OVERRIDE_REASON_LENGTH,
  };
}
