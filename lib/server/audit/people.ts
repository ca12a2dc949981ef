import "server-only";
// The names behind the ids an audit page shows: actors (the event keeps their e-mail, the name lives
// in the user table) and user targets ("user 8f3a…" reads as "user Diego Developer").
import type { AuditEventDto } from "./types";

interface UserReader {
  user: {
    findMany(args: {
      where: { id: { in: string[] } };
      select: { id: true; name: true; email: true };
    }): Promise<{ id: string; name: string; email: string }[]>;
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Names by user id for the actors and user targets of `events` (one query; unknown ids are left out). */
export async function peopleOf(db: UserReader, events: AuditEventDto[]): Promise<Record<string, string>> {
  const ids = new Set<string>();
  for (const e of events) {
    if (e.actorId) ids.add(e.actorId);
    if (e.targetType === "user" && e.targetId) ids.add(e.targetId);
  }
  // user.id is a uuid column: anything else (service tokens, "system") cannot be a user and would fail the cast.
  const uuids = [...ids].filter((id) => UUID.test(id));
  if (uuids.length === 0) return {};
  const users = await db.user.findMany({ where: { id: { in: uuids } }, select: { id: true, name: true, email: true } });
  return Object.fromEntries(users.map((u) => [u.id, u.name]));
}
