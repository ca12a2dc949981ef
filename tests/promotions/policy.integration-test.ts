// The promotion policy end to end on real PostgreSQL, through the promotion service and the
// executor's commit gate (lib/server/promotions on the rules of lib/domain/promotions): four eyes,
// roles per environment, approval and request expiry, a freeze with an admin override, soak time,
// one in flight. Git and Argo CD are in-memory fakes of their ports (their real adapters have their
// own integration tests); time is a clock the test moves. Every refusal must leave nothing behind,
// every accepted step exactly its audit event.

import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { parseCatalog } from "@/lib/catalog";
import type { Principal } from "@/lib/domain/roles";
import type { AppStatus } from "@/lib/integrations/argocd/api";
import { GitError } from "@/lib/integrations/git/errors";
import type { PromotionSnapshot } from "@/lib/integrations/slack/promotion-messages";
import { recordAudit } from "@/lib/server/audit";
import { createAuditedAction } from "@/lib/server/audit/audited-action";
import { getPromotionView } from "@/lib/server/promotion-views/detail";
import { PromotionExecutor } from "@/lib/server/promotions/executor";
import { DEFAULT_TIMING, type ExecutorDeps } from "@/lib/server/promotions/ports";
import {
  approvePromotion,
  cancelPromotion,
  expirePromotion,
  requestPromotion,
  type ServiceDeps,
  type UserCaller,
} from "@/lib/server/promotions/service";
import { actor, openDb } from "../audit/support";

const db = openDb(4);
afterAll(() => db.$disconnect());

const APP = `pol-${crypto.randomUUID().slice(0, 8)}`;
const catalog = parseCatalog(`
environments:
  - { name: dev, displayName: Dev, namespace: d, eksCluster: d, awsRegion: eu-west-1, approvalsRequired: 0, autoSync: true, grafanaDashboardUid: x }
  - { name: staging, displayName: Staging, namespace: s, eksCluster: s, awsRegion: eu-west-1, approvalsRequired: 1, autoSync: false, grafanaDashboardUid: x }
  - name: prod
    displayName: Prod
    namespace: p
    eksCluster: p
    awsRegion: eu-west-1
    approvalsRequired: 2
    autoSync: false
    grafanaDashboardUid: x
    minSoakMinutes: 30
    approvalTtlMinutes: 60
    requestTtlMinutes: 600
    freezeWindows:
      - { name: saturday freeze, reason: nobody on call, timeZone: UTC, weekly: { from: "Sat 00:00", to: "Sun 00:00" } }
promotionPath: [dev, staging, prod]
applications:
  - name: ${APP}
    chartPath: c
    valuesFiles: { dev: a.yaml, staging: b.yaml, prod: c.yaml }
    imageTagPath: image.tag
    argocdApps: { dev: ${APP}-dev, staging: ${APP}-staging, prod: ${APP}-prod }
`);

/** Tuesday 10:00 UTC: no freeze. */
const TUESDAY = new Date("2026-12-01T10:00:00Z");
const SATURDAY = new Date("2026-12-05T10:00:00Z");
let clock = TUESDAY;
const at = (minutes: number, from = TUESDAY) => new Date(from.getTime() + minutes * 60_000);

// The world: what each environment runs, and since when staging has been Healthy on it; whether the
// test's remote takes a push (most tests stop at the commit gate: it refuses).
const world = {
  staging: "1.5.0",
  prod: "1.4.0",
  prodBlob: "b".repeat(40),
  stagingHealthySince: at(-120),
  acceptsPush: false,
};
const argoApp = (env: string): AppStatus =>
  ({
    name: `${APP}-${env}`,
    imageTag: env === "prod" ? world.prod : world.staging,
    health: "Healthy",
    syncStatus: "Synced",
    lastDeploy: { deployedAt: world.stagingHealthySince.toISOString() },
    reconciledAt: world.stagingHealthySince.toISOString(),
    operation: null,
    history: [],
  }) as unknown as AppStatus;
const commits: { promotionId: string; approvers: { email: string }[] }[] = [];
const git = {
  readTarget: async (_app: unknown, env: string) => ({
    valuesPath: `helm/${APP}/values-${env}.yaml`,
    currentTag: env === "prod" ? world.prod : world.staging,
    blobSha: world.prodBlob,
    headSha: "c".repeat(40),
  }),
  // The gate is what this file tests: once passed, the push is refused so the run ends right there
  // (unless a test lets it through to see what comes after the commit).
  commitPromotion: async (req: { promotionId: string; approvers: { email: string }[] }) => {
    commits.push({ promotionId: req.promotionId, approvers: req.approvers });
    if (!world.acceptsPush) throw new GitError("push_refused", "refused by the test's remote");
    return {
      kind: "promote",
      sha: "d".repeat(40),
      branch: "main",
      valuesPath: `helm/${APP}/values-prod.yaml`,
      previousTag: world.prod,
      newTag: world.staging,
      unifiedDiff: "",
      alreadyOnRemote: false,
      pushAttempts: 1,
    };
  },
  revertPromotion: async () => {
    throw new Error("not used");
  },
  rollbackToPromotion: async () => {
    throw new Error("not used");
  },
};
const argocd = {
  getApplication: async (name: string) => argoApp(name.endsWith("-prod") ? "prod" : "staging"),
  // Asked only once a push went through: the sync is accepted (its operation on the asked revision).
  sync: async (name: string, opts: { revision: string }) =>
    ({
      ...argoApp(name.endsWith("-prod") ? "prod" : "staging"),
      operation: { phase: "Running", revision: opts.revision },
    }) as AppStatus,
};
const scheduled: { id: string; step: string }[] = [];
const requeued: { id: string; afterSeconds: number }[] = [];
const notices: string[] = [];
/** What each Slack message would say about the promotion (the outbox snapshot): the service's, the executor's. */
const snapshots: PromotionSnapshot[] = [];
const executorSnapshots: { event: string; snapshot: PromotionSnapshot }[] = [];
/** Ends the executor's run at its next turn (its job's lease running out), once a test saw enough. */
let stopExecutor: AbortController | null = null;

const service: ServiceDeps = {
  db,
  catalog: async () => catalog,
  git: git as unknown as ServiceDeps["git"],
  argocd: argocd as unknown as ServiceDeps["argocd"],
  notify: async (_tx, event, snapshot) => {
    notices.push(event);
    snapshots.push(snapshot);
  },
  schedule: async (_tx, id, step) => void scheduled.push({ id, step }),
  now: () => clock,
};
const executor = new PromotionExecutor(
  {
    db,
    catalog: async () => catalog,
    argocd: argocd as unknown as ExecutorDeps["argocd"],
    grafana: { queryRange: async () => [] } as unknown as ExecutorDeps["grafana"],
    git: git as unknown as ExecutorDeps["git"],
    audited: createAuditedAction({ write: (e) => db.$transaction((tx) => recordAudit(tx, e)), logLost: () => {} }),
    timing: { ...DEFAULT_TIMING, pollMs: 1 },
    now: () => clock,
    sleep: async () => {},
  },
  {
    notify: async (_tx, event, snapshot) => {
      executorSnapshots.push({ event, snapshot });
      if (event === "deployed") stopExecutor?.abort();
    },
    requeue: async (_tx, id, afterSeconds) => void requeued.push({ id, afterSeconds }),
  },
);

const people: Record<string, UserCaller> = {};
async function person(key: string, grants: Principal["grants"]): Promise<UserCaller> {
  const u = await db.user.create({
    data: {
      email: `${key}-${crypto.randomUUID()}@policy.test`,
      name: key,
      source: "sandbox",
      // The rules re-read an approver's grants from here whenever they count approvals.
      roles: { create: grants.map((g) => ({ role: g.role, environment: g.environment })) },
    },
  });
  const principal: Principal = { id: u.id, email: u.email, name: key, grants };
  people[key] = {
    kind: "user",
    principal,
    actor: actor(u.email, grants[0]?.role ?? "viewer"),
    correlationId: crypto.randomUUID(),
  };
  return people[key]!;
}
const dev = () => person(`dev-${crypto.randomUUID().slice(0, 4)}`, [{ role: "developer", environment: null }]);
let ana: UserCaller;
let ben: UserCaller;
let sam: UserCaller;
let ada: UserCaller;

async function refusal(p: Promise<unknown>) {
  try {
    await p;
  } catch (err) {
    const e = err as { status?: number; message: string; details?: { code?: string } };
    return { status: e.status, code: e.details?.code, message: e.message };
  }
  throw new Error("expected a refusal");
}
const events = (id: string) =>
  db.auditEvent.findMany({
    where: { targetType: "promotion", targetId: id },
    orderBy: { seq: "asc" },
    select: { action: true, outcome: true },
  });
const row = (id: string) => db.promotion.findUniqueOrThrow({ where: { id }, include: { approvals: true } });
const promotionsOf = () => db.promotion.count({ where: { application: APP } });

beforeEach(async () => {
  clock = TUESDAY;
  Object.assign(world, { staging: "1.5.0", prod: "1.4.0", stagingHealthySince: at(-120), acceptsPush: false });
  commits.length = 0;
  scheduled.length = 0;
  requeued.length = 0;
  // One promotion in flight per application × environment: finish what a test left open.
  await db.promotion.updateMany({
    where: { application: APP, status: { in: ["requested", "approved"] } },
    data: { status: "cancelled" },
  });
  ana ??= await person("ana", [{ role: "approver", environment: "prod" }]);
  ben ??= await person("ben", [{ role: "approver", environment: null }]);
  sam ??= await person("sam", [{ role: "approver", environment: "staging" }]);
  ada ??= await person("ada", [{ role: "admin", environment: null }]);
});

describe("four eyes and roles (prod needs 2 distinct approvers of prod)", () => {
  it("refuses the requester, a second approval by one person and an approver of another environment; two distinct approve", async () => {
    const requester = await person("req", [{ role: "approver", environment: null }]);
    const p = await requestPromotion(service, requester, { application: APP, toEnvironment: "prod" });
    expect(p).toMatchObject({
      status: "requested",
      fromEnvironment: "staging",
      imageTag: "1.5.0",
      targetValuesSha: world.prodBlob,
    });
    expect(scheduled).toEqual([{ id: p.id, step: "expire" }]);

    expect(await refusal(approvePromotion(service, requester, p.id, {}))).toMatchObject({
      status: 403,
      code: "own_approval",
    });
    expect(await refusal(approvePromotion(service, sam, p.id, {}))).toMatchObject({
      status: 403,
      code: "not_an_approver",
      message: "to approve in prod you need the approver or admin role there",
    });
    await approvePromotion(service, ana, p.id, { comment: "diff checked" });
    expect(await refusal(approvePromotion(service, ana, p.id, {}))).toMatchObject({
      status: 409,
      code: "already_approved",
    });
    expect((await row(p.id)).status).toBe("requested");
    expect((await row(p.id)).approvals).toHaveLength(1);

    const done = await approvePromotion(service, ben, p.id, {});
    expect(done.status).toBe("approved");
    expect(scheduled.filter((s) => s.step === "commit")).toEqual([{ id: p.id, step: "commit" }]);
    // refusals wrote nothing: one event per accepted step
    expect((await events(p.id)).map((e) => e.action)).toEqual([
      "promotion.requested",
      "promotion.approved",
      "promotion.approved",
    ]);
    expect((await row(p.id)).approvals.map((a) => a.expiresAt?.toISOString()).sort()).toEqual([
      at(60).toISOString(),
      at(60).toISOString(),
    ]);
  });
});

describe("the executor's gate: soak, approval expiry, freeze", () => {
  async function approved(now = TUESDAY) {
    clock = now;
    const p = await requestPromotion(service, await dev(), { application: APP, toEnvironment: "prod" });
    await approvePromotion(service, ana, p.id, {});
    await approvePromotion(service, ben, p.id, {});
    return p.id;
  }

  it("waits while the tag has not soaked in staging for 30 minutes, then commits with exactly the approvers", async () => {
    world.stagingHealthySince = at(-10);
    const id = await approved();
    await executor.run(id, "job-1");
    expect(commits).toEqual([]);
    expect((await row(id)).status).toBe("approved");
    expect(requeued).toEqual([{ id, afterSeconds: 20 * 60 }]);

    clock = at(20);
    await executor.run(id, "job-2");
    expect(commits).toHaveLength(1);
    expect(commits[0]!.approvers.map((a) => a.email).sort()).toEqual([ana.principal.email, ben.principal.email].sort());
    // the test's remote refused the push: failed with git's reason, nothing deployed
    expect(await row(id)).toMatchObject({ status: "failed", failureReason: expect.stringContaining("push_refused") });
  });

  it("an approval that expired while it waited sends the promotion back for approval", async () => {
    world.stagingHealthySince = at(-10);
    const id = await approved();
    clock = at(61); // soak met, approvals (60 min) expired
    await executor.run(id, "job-3");
    expect(commits).toEqual([]);
    expect((await row(id)).status).toBe("requested");
    // the same person may approve again: their row is replaced, not duplicated
    await approvePromotion(service, ana, id, {});
    expect((await row(id)).approvals.filter((a) => a.approverId === ana.principal.id)).toHaveLength(1);
  });

  it("commits with Approved-by trailers of the approvals that count, not of an expired one", async () => {
    world.stagingHealthySince = at(-10);
    const id = await approved();
    clock = at(61); // ana's and ben's approvals (60 min) expired
    await executor.run(id, "job-5");
    expect((await row(id)).status).toBe("requested");
    await approvePromotion(service, ana, id, {});
    await approvePromotion(service, ada, id, {}); // two valid again; ben's stays expired
    expect((await row(id)).status).toBe("approved");
    await executor.run(id, "job-6");
    expect(commits).toHaveLength(1);
    expect(commits[0]!.approvers.map((a) => a.email).sort()).toEqual([ana.principal.email, ada.principal.email].sort());
  });

  it("after the commit, Slack lists the approvals the commit counted, not an expired one beside them", async () => {
    world.stagingHealthySince = at(-10);
    const id = await approved();
    clock = at(61); // ana's and ben's approvals expired: back to requested
    await executor.run(id, "job-7");
    await approvePromotion(service, ana, id, {});
    await approvePromotion(service, ada, id, {}); // ben's expired approval stays, not void
    world.acceptsPush = true;
    stopExecutor = new AbortController();
    // commit (counting ana and ada), then the sync: its "deployed" message is sent from a step that
    // no longer counts approvals (the page shows the commit's count from then on, and so must Slack)
    await executor.run(id, "job-8", stopExecutor.signal);
    expect((await row(id)).status).toBe("syncing");
    const deployed = executorSnapshots.filter((n) => n.snapshot.id === id && n.event === "deployed");
    expect(deployed).toHaveLength(1);
    expect(deployed[0]!.snapshot.approvals.given.map((a) => a.name).sort()).toEqual(["ada", "ana"]);
    const page = await getPromotionView(id, ben.principal, {
      db,
      catalog,
      commitUrl: () => null,
      argoApp: async (name) => argoApp(name.endsWith("-prod") ? "prod" : "staging"),
      slackConfigured: false,
      now: () => clock,
    });
    expect(
      page?.approvals.list
        .filter((a) => a.notCounted === null)
        .map((a) => a.approver.name)
        .sort(),
    ).toEqual(["ada", "ana"]);
    await db.promotion.update({ where: { id }, data: { status: "cancelled" } });
  });

  it("a freeze holds an approved promotion until it ends", async () => {
    const friday = at(-30, new Date("2026-12-05T00:00:00Z"));
    const id = await approved(friday); // requested and approved on Friday 23:30
    clock = at(10, new Date("2026-12-05T00:00:00Z"));
    await executor.run(id, "job-4");
    expect(commits).toEqual([]);
    expect((await row(id)).status).toBe("approved");
    expect(requeued).toEqual([{ id, afterSeconds: (24 * 60 - 10) * 60 }]);
  });
});

describe("an approval whose approver lost the role", () => {
  const revoke = (c: UserCaller) => db.roleMembership.deleteMany({ where: { userId: c.principal.id } });
  const view = (id: string, viewer: UserCaller) =>
    getPromotionView(id, viewer.principal, {
      db,
      catalog,
      commitUrl: () => null,
      argoApp: async (name) => argoApp(name.endsWith("-prod") ? "prod" : "staging"),
      slackConfigured: false,
      now: () => clock,
    });

  it("no longer counts towards the approvals shown or the one that completes them", async () => {
    const cat = await person("cat", [{ role: "approver", environment: "prod" }]);
    const p = await requestPromotion(service, await dev(), { application: APP, toEnvironment: "prod" });
    await approvePromotion(service, cat, p.id, {});
    expect((await view(p.id, ben))?.approvals).toMatchObject({ live: 1, required: 2 });
    await revoke(cat);
    expect((await view(p.id, ben))?.approvals).toMatchObject({
      live: 0,
      list: [expect.objectContaining({ notCounted: "no longer an approver in prod" })],
    });
    // ben's approval would have been the second: it is the first that counts, so it waits for another
    const after = await approvePromotion(service, ben, p.id, {});
    expect(after.status).toBe("requested");
    // Slack says the same as the page: one approval of two, ben's, not cat's.
    expect(snapshots.filter((s) => s.id === p.id).at(-1)?.approvals).toEqual({
      required: 2,
      given: [{ name: ben.principal.name, comment: null }],
    });
    expect(scheduled.filter((s) => s.id === p.id && s.step === "commit")).toEqual([]);
  });

  it("still counts an approval given while another approver waited for the lock (both at once complete prod)", async () => {
    for (let i = 0; i < 5; i++) {
      const p = await requestPromotion(service, await dev(), { application: APP, toEnvironment: "prod" });
      await Promise.all([approvePromotion(service, ana, p.id, {}), approvePromotion(service, ben, p.id, {})]);
      expect((await row(p.id)).status).toBe("approved");
      await db.promotion.update({ where: { id: p.id }, data: { status: "cancelled" } });
    }
  });

  it("is re-checked when the executor takes the promotion: back to requested, nothing committed", async () => {
    world.stagingHealthySince = at(-60);
    const dee = await person("dee", [{ role: "approver", environment: "prod" }]);
    const p = await requestPromotion(service, await dev(), { application: APP, toEnvironment: "prod" });
    await approvePromotion(service, ana, p.id, {});
    expect((await approvePromotion(service, dee, p.id, {})).status).toBe("approved");
    await revoke(dee); // between the last approval and the executor's start
    await executor.run(p.id, `job-lost-${p.id}`);
    expect(commits.filter((c) => c.promotionId === p.id)).toEqual([]);
    expect((await row(p.id)).status).toBe("requested");
    expect((await events(p.id)).map((e) => e.action)).toEqual([
      "promotion.requested",
      "promotion.approved",
      "promotion.approved",
      "promotion.approvals_lapsed",
    ]);
  });
});

describe("requests", () => {
  it("refuses a request into a freeze, naming it; an admin passes with a written reason, recorded", async () => {
    clock = SATURDAY;
    const before = await promotionsOf();
    expect(
      await refusal(requestPromotion(service, await dev(), { application: APP, toEnvironment: "prod" })),
    ).toMatchObject({
      status: 409,
      code: "frozen",
      message: expect.stringContaining(
        "prod is frozen (saturday freeze: nobody on call) until 2026-12-06T00:00:00.000Z",
      ),
    });
    expect(
      await refusal(
        requestPromotion(service, ada, { application: APP, toEnvironment: "prod", freezeOverrideReason: "fix" }),
      ),
    ).toMatchObject({ status: 400, code: "reason_required" });
    expect(await promotionsOf()).toBe(before);
    const p = await requestPromotion(service, ada, {
      application: APP,
      toEnvironment: "prod",
      freezeOverrideReason: "hotfix for the checkout outage",
    });
    expect(p).toMatchObject({
      freezeOverrideById: ada.principal.id,
      freezeOverrideReason: "hotfix for the checkout outage",
    });
    expect((await events(p.id)).map((e) => e.action)).toEqual(["promotion.requested", "promotion.freeze_overridden"]);
  });

  it("one in flight per application × environment; wrong order and no newer tag are 4xx that write nothing", async () => {
    const requester = await dev();
    const first = await requestPromotion(service, requester, { application: APP, toEnvironment: "prod" });
    const before = await promotionsOf();
    expect(
      await refusal(requestPromotion(service, await dev(), { application: APP, toEnvironment: "prod" })),
    ).toMatchObject({
      status: 409,
      code: "in_flight",
      message: `promotion ${first.id} of ${APP} to prod is still requested; wait for it to finish or cancel it`,
    });
    expect(
      await refusal(
        requestPromotion(service, requester, { application: APP, toEnvironment: "prod", fromEnvironment: "dev" }),
      ),
    ).toMatchObject({ code: "wrong_order" });
    await cancelPromotion(service, requester, first.id, {});
    world.prod = world.staging;
    expect(
      await refusal(requestPromotion(service, requester, { application: APP, toEnvironment: "prod" })),
    ).toMatchObject({
      status: 409,
      code: "no_newer_tag",
      message: "prod already runs 1.5.0: there is no newer tag to promote",
    });
    expect(await promotionsOf()).toBe(before);
  });

  it("a request older than requestTtlMinutes cannot be approved: the refusal (409) ends it, and the expiry stays", async () => {
    const p = await requestPromotion(service, await dev(), { application: APP, toEnvironment: "prod" });
    clock = at(600);
    expect(await refusal(approvePromotion(service, ana, p.id, {}))).toMatchObject({ status: 409, code: "expired" });
    expect((await row(p.id)).status).toBe("expired");
    expect((await row(p.id)).approvals).toEqual([]);
    expect((await events(p.id)).map((e) => e.action)).toEqual(["promotion.requested", "promotion.expired"]);
    // nothing is left for the expiry job
    expect(await expirePromotion(service, p.id)).toBe(false);
  });

  it("the expiry job ends a request still waiting at requestTtlMinutes", async () => {
    const p = await requestPromotion(service, await dev(), { application: APP, toEnvironment: "prod" });
    clock = at(600);
    expect(await expirePromotion(service, p.id)).toBe(true);
    expect((await row(p.id)).status).toBe("expired");
    expect((await events(p.id)).map((e) => e.action)).toEqual(["promotion.requested", "promotion.expired"]);
  });
});
