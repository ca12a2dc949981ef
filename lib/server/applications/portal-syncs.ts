import "server-only";
// The syncs people started through the portal, from the audit log (argocd.sync intent events), so
// the application page and the overview can say "by Diego Developer (via portal)" where Argo CD only
// knows the portal's account (lib/domain/initiator-credit).
import type { PortalSync } from "@/lib/domain/initiator-credit";

/** Portal syncs by audit target id ("nura-core/prod"), newest first. */
export type PortalSyncsByTarget = Record<string, PortalSync[]>;

interface AuditReader {
  auditEvent: {
    findMany(args: {
      where: { targetType: string; targetId?: string; action: string; outcome: string };
      orderBy: { seq: "desc" };
      take: number;
      select: { occurredAt: true; actorId: true; actorEmail: true; targetId: true };
    }): Promise<{ occurredAt: Date; actorId: string | null; actorEmail: string | null; targetId: string | null }[]>;
  };
  user: {
    findMany(args: {
      where: { id: { in: string[] } };
      select: { id: true; name: true };
    }): Promise<{ id: string; name: string }[]>;
  };
}

/** The latest `take` sync intents, of one target or of all, newest first, with the actor's name. */
async function portalSyncEvents(
  db: AuditReader,
  targetId: string | undefined,
  take: number,
): Promise<(PortalSync & { targetId: string | null })[]> {
  const events = await db.auditEvent.findMany({
    where: { targetType: "application", ...(targetId ? { targetId } : {}), action: "argocd.sync", outcome: "intent" },
    orderBy: { seq: "desc" },
    take,
    select: { occurredAt: true, actorId: true, actorEmail: true, targetId: true },
  });
  const ids = [...new Set(events.map((e) => e.actorId).filter((id): id is string => id !== null))];
  const users =
    ids.length > 0 ? await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } }) : [];
  const names = new Map(users.map((u) => [u.id, u.name]));
  return events.map((e) => ({
    targetId: e.targetId,
    at: e.occurredAt.toISOString(),
    actor: (e.actorId ? names.get(e.actorId) : undefined) ?? e.actorEmail ?? "someone",
  }));
}

export async function recentPortalSyncs(db: AuditReader, app: string, env: string, take = 50): Promise<PortalSync[]> {
  return (await portalSyncEvents(db, `${app}/${env}`, take)).map(({ at, actor }) => ({ at, actor }));
}

/** The latest `take` sync intents across all applications (one index range scan on action, seq). */
export async function recentPortalSyncsByTarget(db: AuditReader, take = 500): Promise<PortalSyncsByTarget> {
  const out: PortalSyncsByTarget = {};
  for (const { targetId, at, actor } of await portalSyncEvents(db, undefined, take)) {
    if (!targetId) continue;
    const list = out[targetId] ?? [];
    list.push({ at, actor });
    out[targetId] = list;
  }
  return out;
}
