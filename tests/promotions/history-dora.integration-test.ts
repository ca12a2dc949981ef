// The /promotions history filters and the DORA figures on real PostgreSQL: promotions, approvals
// and their audit trail written the way the service writes them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCatalog } from "@/lib/catalog";
import { parseHistoryFilters } from "@/lib/domain/promotion-filters";
import { recordAudit } from "@/lib/server/audit";
import { doraView } from "@/lib/server/promotion-views/dora";
import { requestedOutOfFirstLookup } from "@/lib/server/promotion-views/first-commit";
import { listPromotionHistory } from "@/lib/server/promotion-views/history";
import { actor, openDb } from "../audit/support";

const db = openDb(4);
const catalog = parseCatalog(`
environments:
  - { name: dev, displayName: Dev, namespace: d, eksCluster: d, awsRegion: eu-west-1, approvalsRequired: 0, autoSync: true, grafanaDashboardUid: x }
  - { name: staging, displayName: Staging, namespace: s, eksCluster: s, awsRegion: eu-west-1, approvalsRequired: 1, autoSync: false, grafanaDashboardUid: x }
  - { name: prod, displayName: Prod, namespace: p, eksCluster: p, awsRegion: eu-west-1, approvalsRequired: 2, autoSync: false, grafanaDashboardUid: x }
promotionPath: [dev, staging, prod]
applications:
  - name: hist-core
    chartPath: c
    valuesFiles: { dev: a.yaml, staging: b.yaml, prod: c.yaml }
    imageTagPath: image.tag
    argocdApps: { dev: a, staging: b, prod: c }
`);
const now = new Date();
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);
const ids: Record<string, string> = {};

async function user(key: string, name: string) {
  const u = await db.user.create({
    data: { email: `${key}-${crypto.randomUUID()}@hist.test`, name, source: "sandbox" },
  });
  ids[key] = u.id;
  return u;
}

async function promotion(p: {
  from: string;
  to: string;
  tag: string;
  status: string;
  by: string;
  createdMin: number;
  pushedMin?: number;
  finishedMin?: number;
  approvers?: string[];
}) {
  const row = await db.promotion.create({
    data: {
      application: "hist-core",
      fromEnvironment: p.from,
      toEnvironment: p.to,
      imageTag: p.tag,
      status: p.status,
      requestedById: ids[p.by]!,
      createdAt: minutesAgo(p.createdMin),
    },
  });
  for (const a of p.approvers ?? []) {
    await db.approval.create({ data: { promotionId: row.id, approverId: ids[a]!, decision: "approved" } });
  }
  const event = async (action: "promotion.executed" | "promotion.succeeded" | "promotion.rolled_back", min: number) => {
    await recordAudit(db, {
      action,
      actor: actor(),
      target: { type: "promotion", id: row.id },
      application: "hist-core",
      environment: p.to,
    });
    // recordAudit stamps now(); the trail's times are what DORA reads, so set them as the step happened.
    // One transaction: the SETs and the UPDATE must run on the same pooled connection.
    await db.$transaction([
      db.$executeRaw`SET LOCAL session_replication_role = replica`,
      db.$executeRaw`UPDATE audit_event SET occurred_at = ${minutesAgo(min)} WHERE seq = (SELECT max(seq) FROM audit_event)`,
    ]);
  };
  if (p.pushedMin !== undefined) await event("promotion.executed", p.pushedMin);
  if (p.finishedMin !== undefined)
    await event(p.status === "rolled_back" ? "promotion.rolled_back" : "promotion.succeeded", p.finishedMin);
  // updatedAt is @updatedAt: pin it to the step's time too.
  await db.$executeRaw`UPDATE promotion SET updated_at = ${minutesAgo(p.finishedMin ?? p.createdMin)} WHERE id = ${row.id}::uuid`;
  return row.id;
}

beforeAll(async () => {
  await user("dev", "Diego Hist");
  await user("ana", "Ana Hist");
  await user("bruno", "Bruno Hist");
  await promotion({
    from: "dev",
    to: "staging",
    tag: "1.0.0",
    status: "succeeded",
    by: "dev",
    createdMin: 600,
    pushedMin: 590,
    finishedMin: 585,
    approvers: ["ana"],
  });
  await promotion({
    from: "staging",
    to: "prod",
    tag: "1.0.0",
    status: "succeeded",
    by: "dev",
    createdMin: 300,
    pushedMin: 240,
    finishedMin: 230,
    approvers: ["ana", "bruno"],
  });
  await promotion({
    from: "dev",
    to: "staging",
    tag: "1.1.0-bad",
    status: "rolled_back",
    by: "dev",
    createdMin: 100,
    pushedMin: 90,
    finishedMin: 80,
    approvers: ["bruno"],
  });
  await promotion({ from: "staging", to: "prod", tag: "1.2.0", status: "requested", by: "ana", createdMin: 5 });
});
afterAll(() => db.$disconnect());

describe("history", () => {
  const list = (q: Record<string, string>) =>
    listPromotionHistory(db, parseHistoryFilters({ application: "hist-core", ...q }), now);

  it("lists newest first with requester and approvers by name", async () => {
    const { rows } = await list({});
    expect(rows.map((r) => [r.toEnvironment, r.imageTag, r.status])).toEqual([
      ["prod", "1.2.0", "requested"],
      ["staging", "1.1.0-bad", "rolled_back"],
      ["prod", "1.0.0", "succeeded"],
      ["staging", "1.0.0", "succeeded"],
    ]);
    expect(rows[2]).toMatchObject({ requestedBy: { name: "Diego Hist" }, approvers: ["Ana Hist", "Bruno Hist"] });
  });

  it("filters by environment, state, person (requester or approver) and time", async () => {
    expect((await list({ environment: "prod" })).rows).toHaveLength(2);
    expect((await list({ state: "active" })).rows.map((r) => r.imageTag)).toEqual(["1.2.0"]);
    expect((await list({ state: "rolled_back" })).rows.map((r) => r.imageTag)).toEqual(["1.1.0-bad"]);
    expect((await list({ person: "bruno" })).rows.map((r) => r.imageTag)).toEqual(["1.1.0-bad", "1.0.0"]);
    expect((await list({ person: "ANA HIST" })).rows).toHaveLength(3);
    expect((await list({ person: "nobody-at-all" })).rows).toHaveLength(0);
    expect((await list({ window: "24h" })).rows).toHaveLength(4);
  });
});

describe("DORA", () => {
  it("measures the runs from their audit trail", async () => {
    const f = parseHistoryFilters({ application: "hist-core", window: "7d" });
    const dora = await doraView(db, catalog, f, requestedOutOfFirstLookup(db, catalog), now);
    expect(dora.overall.summary).toMatchObject({
      deployments: 3,
      succeeded: 2,
      failures: 1,
      changeFailureRate: 1 / 3,
      // rolled back: pushed 90 min ago, rollback done 80 min ago
      timeToRestoreMedianMs: 10 * 60_000,
    });
    // lead time from the first request of the tag out of dev (600 min ago): staging 15 min, prod 370 min
    expect(dora.overall.summary.leadTimeMedianMs).toBe(((15 + 370) / 2) * 60_000);
    expect(dora.rows.map((r) => [r.environment, r.report.summary.deployments])).toEqual([
      ["staging", 2],
      ["prod", 1],
    ]);
    expect(dora.overall.days.reduce((n, d) => n + d.succeeded + d.failures, 0)).toBe(3);
  });
});
