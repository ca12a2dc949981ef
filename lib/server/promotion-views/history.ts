import "server-only";
// The /promotions history: promotions matching the filters, newest first, with requester and
// approvers by name. Reads only (explicit selects, plain DTOs); any signed-in user may see them.
import type { DbTx } from "@/lib/db";
import { FINISHED_STATES, type HistoryFilters, windowStart } from "@/lib/domain/promotion-filters";

export const HISTORY_LIMIT = 200;

export interface PromotionRow {
  id: string;
  application: string;
  fromEnvironment: string;
  toEnvironment: string;
  imageTag: string;
  status: string;
  requestedBy: { name: string; email: string } | null;
  approvers: string[];
  createdAt: string;
  updatedAt: string;
}

export interface HistoryPage {
  rows: PromotionRow[];
  /** True when more than HISTORY_LIMIT promotions match (narrow the filters). */
  truncated: boolean;
}

/** Users whose name or email contains `person` (case-insensitive). */
async function peopleMatching(db: DbTx, person: string): Promise<string[]> {
  const users = await db.user.findMany({
    where: {
      OR: [{ email: { contains: person, mode: "insensitive" } }, { name: { contains: person, mode: "insensitive" } }],
    },
    select: { id: true },
    take: 100,
  });
  return users.map((u) => u.id);
}

export async function listPromotionHistory(db: DbTx, f: HistoryFilters, now = new Date()): Promise<HistoryPage> {
  const people = f.person ? await peopleMatching(db, f.person) : null;
  const state =
    f.state === "active" ? { notIn: [...FINISHED_STATES, "rolled-back"] } : f.state ? { equals: f.state } : undefined;
  const found = await db.promotion.findMany({
    where: {
      createdAt: { gte: windowStart(f.window, now) },
      ...(f.application ? { application: f.application } : {}),
      ...(f.environment ? { toEnvironment: f.environment } : {}),
      ...(state ? { status: state } : {}),
      ...(people
        ? { OR: [{ requestedById: { in: people } }, { approvals: { some: { approverId: { in: people } } } }] }
        : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: HISTORY_LIMIT + 1,
    select: {
      id: true,
      application: true,
      fromEnvironment: true,
      toEnvironment: true,
      imageTag: true,
      status: true,
      requestedById: true,
      createdAt: true,
      updatedAt: true,
      approvals: {
        where: { decision: "approved", voidedAt: null },
        select: { approverId: true },
        orderBy: { createdAt: "asc" },
      },
    },
  });
  const rows = found.slice(0, HISTORY_LIMIT);
  const userIds = [...new Set(rows.flatMap((p) => [p.requestedById, ...p.approvals.map((a) => a.approverId)]))];
  const users = new Map(
    (await db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true, email: true } })).map(
      (u) => [u.id, u],
    ),
  );
  return {
    truncated: found.length > HISTORY_LIMIT,
    rows: rows.map((p) => {
      const requester = users.get(p.requestedById);
      return {
        id: p.id,
        application: p.application,
        fromEnvironment: p.fromEnvironment,
        toEnvironment: p.toEnvironment,
        imageTag: p.imageTag,
        status: p.status,
        requestedBy: requester ? { name: requester.name, email: requester.email } : null,
        approvers: p.approvals.map((a) => users.get(a.approverId)?.name ?? "unknown user"),
        createdAt: p.createdAt.toISOString(),
        updatedAt: p.updatedAt.toISOString(),
      };
    }),
  };
}
