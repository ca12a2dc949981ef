import "server-only";
// The syncs people started through the portal for one application × environment, from the audit
// log (argocd.sync intent events), so the page can say "by Diego Developer (via portal)" where
// Argo CD only knows the portal's account (lib/domain/initiator-credit).
import type { PortalSync } from "@/lib/domain/initiator-credit";

interface AuditReader {
  auditEvent: {
    findMany(args: {
      where: { targetType: string; targetId: string; action: string; outcome: string };
      orderBy: { seq: "desc" };
      take: number;
      select: { occurredAt: true; actorId: true; actorEmail: true };
    }): Promise<{ occurredAt: Date; actorId: string | null; actorEmail: string | null }[]>;
  };
  user: {
    findMany(args: {
      where: { id: { in: string[] } };
      select: { id: true; name: true };
    }): Promise<{ id: string; name: string }[]>;
  };
}

export async function recentPortalSyncs(db: AuditReader, app: string, env: string, take = 50): Promise<PortalSync[]> {
  const events = await db.auditEvent.findMany({
    where: { targetType: "application", targetId: `${app}/${env}`, action: "argocd.sync", outcome: "intent" },
    orderBy: { seq: "desc" },
    take,
    select: { occurredAt: true, actorId: true, actorEmail: true },
  });
  const ids = [...new Set(events.map((e) => e.actorId).filter((id): id is string => id !== null))];
  const users =
    ids.length > 0 ? await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } }) : [];
  const names = new Map(users.map((u) => [u.id, u.name]));
  return events.map((e) => ({
    at: e.occurredAt.toISOString(),
    actor: (e.actorId ? names.get(e.actorId) : undefined) ?? e.actorEmail ?? "someone",
  }));
}
