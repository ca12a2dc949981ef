// Promotions end to end on the sandbox world and real PostgreSQL: request → approvals → one GitOps
// commit with its trailers → Argo CD sync of exactly that revision → Synced + Healthy → verification
// from Prometheus → succeeded; a bad tag rolls itself back with a revert commit; 100 concurrent
// approvals make exactly one commit; refusals name the problem; one audit event per step.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getPromotionDetail } from "@/lib/server/promotions/read";
import { approvePromotion, cancelPromotion, rejectPromotion, requestPromotion } from "@/lib/server/promotions/service";
import { openDb } from "../audit/support";
import { cloneGitops, commitTag, waitFor } from "../sandbox/helpers";
import { asUser, gitLog, type PromotionWorld, person, saveUsers, startPromotionWorld } from "./support";

const db = openDb(20);
let pw: PromotionWorld;

const dev = person("Dana", [{ role: "developer", environment: null }]);
const ana = person("Ana", [{ role: "approver", environment: null }]);
const bo = person("Bo", [{ role: "approver", environment: null }]);
const viewer = person("Vic", [{ role: "viewer", environment: null }]);

beforeAll(async () => {
  await db.$executeRawUnsafe("TRUNCATE promotion, approval, slack_outbox CASCADE");
  pw = await startPromotionWorld(db);
  await saveUsers(db, dev, ana, bo, viewer);
}, 180_000);
afterAll(async () => {
  await pw?.stop();
  await db.$disconnect();
});

async function finished(id: string, timeoutMs = 150_000) {
  return waitFor(
    `promotion ${id} to finish`,
    async () => {
      const p = await db.promotion.findUnique({ where: { id } });
      return p && ["succeeded", "failed", "rolled_back", "superseded"].includes(p.status) ? p : false;
    },
    timeoutMs,
    500,
  );
}

async function devTag(tag: string) {
  const clone = cloneGitops(pw.world.env.GITOPS_REPO_URL!);
  commitTag(clone, "helm/nura-core/values-dev.yaml", tag, `ci(nura-core): ${tag} to dev`);
  // dev auto-syncs: wait until Argo CD runs it there.
  await waitFor(
    `dev to run ${tag}`,
    async () =>
      (await pw.service.argocd.getApplication("nura-core-dev")).imageTag === tag &&
      (await pw.service.argocd.getApplication("nura-core-dev")).health === "Healthy",
    60_000,
    300,
  );
}

describe("a promotion dev → staging", () => {
  it("refuses bad input with 4xx naming the problem", async () => {
    await expect(
      requestPromotion(pw.service, asUser(dev), { application: "nope", toEnvironment: "staging" }),
    ).rejects.toMatchObject({ status: 404, message: expect.stringContaining("nope") });
    await expect(
      requestPromotion(pw.service, asUser(dev), { application: "nura-core", toEnvironment: "mars" }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(
      requestPromotion(pw.service, asUser(dev), { application: "nura-core", toEnvironment: "dev" }),
    ).rejects.toMatchObject({ status: 400, message: expect.stringContaining("first environment") });
    await expect(
      requestPromotion(pw.service, asUser(dev), {
        application: "nura-core",
        toEnvironment: "prod",
        fromEnvironment: "dev",
      }),
    ).rejects.toMatchObject({ message: expect.stringContaining("come from staging") });
    await expect(
      requestPromotion(pw.service, asUser(viewer), { application: "nura-core", toEnvironment: "staging" }),
    ).rejects.toMatchObject({ status: 403 });
    await expect(
      requestPromotion(pw.service, asUser(dev), {
        application: "nura-core",
        toEnvironment: "staging",
        imageTag: "9.9.9",
      }),
    ).rejects.toMatchObject({ status: 409, message: expect.stringContaining("runs") });
  });

  it("is approved by another person, committed once with its trailers, synced, verified and succeeds", async () => {
    await devTag("1.9.0");
    const requested = await requestPromotion(pw.service, asUser(dev), {
      application: "nura-core",
      toEnvironment: "staging",
    });
    expect(requested).toMatchObject({ status: "requested", imageTag: "1.9.0" });
    await expect(
      requestPromotion(pw.service, asUser(dev), { application: "nura-core", toEnvironment: "staging" }),
    ).rejects.toMatchObject({ status: 409, message: expect.stringContaining("still") });
    await expect(approvePromotion(pw.service, asUser(dev), requested.id, {})).rejects.toMatchObject({
      status: 403,
      message: expect.stringContaining("approver or admin role"),
    });
    await expect(approvePromotion(pw.service, asUser(viewer), requested.id, {})).rejects.toMatchObject({ status: 403 });
    const approved = await approvePromotion(pw.service, asUser(ana), requested.id, { comment: "ship it" });
    expect(approved.status).toBe("approved");

    const done = await finished(requested.id);
    expect(done.status, done.failureReason ?? "").toBe("succeeded");
    const log = gitLog(pw.world, ["--format=%H%n%an <%ae>%n%cn%n%B%x00", "-n", "20"]);
    const commits = log.split("\0").filter((c) => c.includes(`Promotion-Id: ${requested.id}`));
    expect(commits).toHaveLength(1);
    const [sha, author, committer, subject] = commits[0]!.trim().split("\n");
    expect(sha).toBe(done.commitSha);
    expect(author).toBe(`Dana <${dev.email}>`);
    expect(committer).toBe("Nura Platform Portal");
    expect(subject).toBe("promote(nura-core): 1.9.0 to staging");
    expect(commits[0]).toContain(`Approved-by: Ana <${ana.email}>`);
    const staging = await pw.service.argocd.getApplication("nura-core-staging");
    expect(staging).toMatchObject({ imageTag: "1.9.0", health: "Healthy", syncStatus: "Synced" });
    expect(staging.operation?.revision).toBe(done.commitSha);

    const detail = (await getPromotionDetail(db, requested.id))!;
    const actions = detail.timeline.map((e) => `${e.action}:${e.outcome}`);
    expect(actions).toEqual(
      expect.arrayContaining([
        "promotion.requested:success",
        "promotion.approved:success",
        "promotion.commit_started:success",
        "promotion.git_push:intent",
        "promotion.git_push:success",
        "promotion.executed:success",
        "argocd.sync:intent",
        "argocd.sync:success",
        "promotion.sync_started:success",
        "promotion.synced:success",
        "promotion.succeeded:success",
      ]),
    );
    expect((detail.verification as { passed: boolean }).passed).toBe(true);
    const slack = await db.slackOutbox.findMany({ where: { targetId: requested.id }, orderBy: { createdAt: "asc" } });
    expect(slack.map((s) => s.kind)).toEqual([
      "promotion.requested",
      "promotion.approval_needed",
      "promotion.approved",
      "promotion.deployed",
      "promotion.succeeded",
    ]);
  });

  it("a tag marked bad goes Degraded and is rolled back by itself with a revert commit", async () => {
    await waitFor(
      "staging idle",
      async () => (await pw.service.argocd.getApplication("nura-core-staging")).operation?.phase !== "Running",
      20_000,
    );
    const clone = cloneGitops(pw.world.env.GITOPS_REPO_URL!);
    commitTag(clone, "helm/nura-core/values-dev.yaml", "1.9.1-bad", "ci(nura-core): 1.9.1-bad to dev");
    await waitFor(
      "dev to run the bad tag",
      async () => (await pw.service.argocd.getApplication("nura-core-dev")).imageTag === "1.9.1-bad",
      60_000,
      300,
    );
    const p = await requestPromotion(pw.service, asUser(dev), { application: "nura-core", toEnvironment: "staging" });
    await approvePromotion(pw.service, asUser(bo), p.id, {});
    const done = await finished(p.id);
    // The soak gate holds an unhealthy tag back in a real catalog; the test catalog has no soak, so the deploy happens.
    expect(done.status, done.failureReason ?? "").toBe("rolled_back");
    expect(done.failureReason).toMatch(/Degraded/);
    expect(done.revertSha).toMatch(/^[0-9a-f]{40}$/);
    const revert = gitLog(pw.world, ["-1", "--format=%B", done.revertSha!]);
    expect(revert).toContain(`This reverts commit ${done.commitSha}`);
    await waitFor(
      "staging back on 1.9.0",
      async () => (await pw.service.argocd.getApplication("nura-core-staging")).imageTag === "1.9.0",
      30_000,
    );
    // Put dev back on a good tag for the next tests.
    await devTag("1.9.2");
  });

  it("the requester never approves their own request (four eyes)", async () => {
    const p = await requestPromotion(pw.service, asUser(ana), { application: "nura-core", toEnvironment: "staging" });
    await expect(approvePromotion(pw.service, asUser(ana), p.id, {})).rejects.toMatchObject({
      status: 403,
      message: expect.stringContaining("four eyes"),
    });
    expect((await cancelPromotion(pw.service, asUser(ana), p.id, {})).status).toBe("cancelled");
  });

  it("reject and cancel end a request; only the requester cancels", async () => {
    const p = await requestPromotion(pw.service, asUser(dev), { application: "nura-core", toEnvironment: "staging" });
    await expect(cancelPromotion(pw.service, asUser(ana), p.id, {})).rejects.toMatchObject({ status: 403 });
    await expect(rejectPromotion(pw.service, asUser(dev), p.id, {})).rejects.toMatchObject({ status: 403 });
    expect((await rejectPromotion(pw.service, asUser(ana), p.id, { comment: "not today" })).status).toBe("rejected");
    const q = await requestPromotion(pw.service, asUser(dev), { application: "nura-core", toEnvironment: "staging" });
    expect((await cancelPromotion(pw.service, asUser(dev), q.id, {})).status).toBe("cancelled");
    await expect(approvePromotion(pw.service, asUser(ana), q.id, {})).rejects.toMatchObject({ status: 409 });
    const last = async (id: string) =>
      db.auditEvent.findFirstOrThrow({
        where: { targetType: "promotion", targetId: id },
        orderBy: { seq: "desc" },
        select: { action: true, actorEmail: true },
      });
    expect(await last(p.id)).toEqual({ action: "promotion.rejected", actorEmail: ana.email });
    expect(await last(q.id)).toEqual({ action: "promotion.cancelled", actorEmail: dev.email });
  });
});

describe("100 concurrent approvals of one promotion", () => {
  it("make exactly one commit (staging needs one approval; the other 99 are refused with 409)", async () => {
    const p = await requestPromotion(pw.service, asUser(dev), { application: "nura-core", toEnvironment: "staging" });
    const approvers = Array.from({ length: 100 }, (_, i) =>
      person(`Approver${i}`, [{ role: "approver", environment: "staging" }]),
    );
    await saveUsers(db, ...approvers);
    const results = await Promise.allSettled(approvers.map((a) => approvePromotion(pw.service, asUser(a), p.id, {})));
    const ok = results.filter((r) => r.status === "fulfilled");
    expect(ok).toHaveLength(1); // staging needs one approval
    for (const r of results)
      if (r.status === "rejected") expect((r.reason as { status: number }).status, String(r.reason)).toBe(409);
    const done = await finished(p.id);
    expect(done.status, done.failureReason ?? "").toBe("succeeded");
    const commits = gitLog(pw.world, ["--format=%B%x00"])
      .split("\0")
      .filter((c) => c.includes(`Promotion-Id: ${p.id}`));
    expect(commits).toHaveLength(1);
    expect(await db.approval.count({ where: { promotionId: p.id } })).toBe(1);
  });
});
