import "server-only";
// Who started each recent portal sync, for every application × environment at once: the overview
// credits "Diego Developer (via portal)" where Argo CD only knows the portal's account (issue 13
// item 2; the application page reads the same argocd.sync intent events per target).
import type { PortalSync } from "@/lib/domain/initiator-credit";

/** Portal syncs by audit target id ("nura-core/prod"), newest first. */
export type PortalSyncsByTarget = Record<string, PortalSync[]>;

interface AuditReader {
  auditEvent: {
    findMany(args: {
      where: { action: string; outcome: string; targetType: string };
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

/** The latest `take` sync intents across all applications (one index range scan on action, seq). */
export async function recentPortalSyncsByTarget(db: AuditReader, take = 500): Promise<PortalSyncsByTarget> {
  const events = await db.auditEvent.findMany({
    where: { action: "argocd.sync", outcome: "intent", targetType: "application" },
    orderBy: { seq: "desc" },
    take,
    select: { occurredAt: true, actorId: true, actorEmail: true, targetId: true },
  });
  const ids = [...new Set(events.map((e) => e.actorId).filter((id): id is string => id !== null))];
  const users =
    ids.length > 0 ? await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } }) : [];
  const names = new Map(users.map((u) => [u.id, u.name]));
  const out: PortalSyncsByTarget = {};
  for (const e of events) {
    if (!e.targetId) continue;
    const list = out[e.targetId] ?? [];
    list.push({
      at: e.occurredAt.toISOString(),
      actor: (e.actorId ? names.get(e.actorId) : undefined) ?? e.actorEmail ?? "someone",
    });
    out[e.targetId] = list;
  }
  return out;
}
