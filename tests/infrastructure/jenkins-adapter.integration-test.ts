// The Jenkins adapter against the sandbox Jenkins over HTTP, and its failure paths: Jenkins down,
// slow, answering 5xx, a build aborted, a queue item cancelled, a server that demands a crumb.
// The tracker turns each one into a run state the page can show.
import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { IntegrationError } from "@/lib/http/errors";
import { createJenkinsClient, QueueItemCancelledError } from "@/lib/integrations/jenkins/client";
import { requestPlan } from "@/lib/server/infra/actions";
import { readLock } from "@/lib/server/infra/locks";
import { syncRun } from "@/lib/server/infra/tracker";
import { startWorld, type World } from "@/sandbox/world";
import { openDb } from "../audit/support";
import { caller, depsFor, FIXTURE_JOBS, jenkinsOf, trackToEnd } from "./support";

let world: World;
let db: PrismaClient;
const ana = caller("Ana Platform", [["approver", null]]);

beforeAll(async () => {
  world = await startWorld({ services: ["jenkins"], jenkinsJobsFile: FIXTURE_JOBS, jenkinsQuietPeriodMs: 50 });
  db = openDb();
});
afterAll(async () => {
  await world?.control.clearFaults();
  await db?.$disconnect();
  await world?.stop();
});

async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

describe("Jenkins adapter on the sandbox", () => {
  it("follows a build: queue item → number, stages, console in chunks with offsets, artifacts", async () => {
    const j = jenkinsOf(world);
    const { queueId } = await j.triggerBuild("fixture-infra-plan", { ENVIRONMENT: "dev", REQUESTED_BY: "ana" });
    const n = await j.waitForBuild(queueId, { timeoutMs: 10_000, pollMs: 50 });
    let text = "";
    let start = 0;
    for (let more = true; more; ) {
      const c = await j.getConsole("fixture-infra-plan", n, start);
      expect(c.nextStart).toBe(start + Buffer.byteLength(c.text));
      text += c.text;
      start = c.nextStart;
      more = c.more;
      if (more) await new Promise((r) => setTimeout(r, 50));
    }
    expect(text).toContain("planning dev for ana");
    expect(text).toContain("Finished: SUCCESS");
    const build = await j.getBuild("fixture-infra-plan", n);
    expect(build).toMatchObject({ building: false, result: "SUCCESS" });
    expect(build.artifacts.map((a) => a.relativePath).sort()).toEqual([
      "artifacts/plan-meta.json",
      "artifacts/plan.json",
      "artifacts/plan.sha256",
      "artifacts/plan.tfplan",
    ]);
    expect((await j.getStages("fixture-infra-plan", n)).map((s) => s.status)).toEqual(["SUCCESS", "SUCCESS"]);
    expect(await j.getArtifact("fixture-infra-plan", n, "artifacts/plan.sha256")).toMatch(/^[0-9a-f]{64}\n$/);
  });

  it("Jenkins down: an IntegrationError naming the refused connection", async () => {
    const j = createJenkinsClient({
      baseUrl: `http://127.0.0.1:${await closedPort()}`,
      user: "u",
      token: "t",
      timeoutMs: 1000,
    });
    await expect(j.getBuild("x", 1)).rejects.toMatchObject({
      name: "IntegrationError",
      system: "jenkins",
      status: null,
      message: expect.stringMatching(/ECONNREFUSED/),
    });
  });

  it("Jenkins slow: the call times out after the configured time", async () => {
    await world.control.setFault("jenkins", { latencyMs: 800 });
    try {
      const j = jenkinsOf(world, 200);
      const t0 = Date.now();
      await expect(j.getQueueItem(1)).rejects.toMatchObject({
        system: "jenkins",
        message: "getQueueItem timed out after 200 ms",
      });
      expect(Date.now() - t0).toBeLessThan(700);
    } finally {
      await world.control.clearFaults();
    }
  });

  it("Jenkins answering 5xx: an IntegrationError with the status; a plan request fails the run and frees the lock", async () => {
    await world.control.setFault("jenkins", { errorRate: 1 });
    try {
      const deps = depsFor(db, jenkinsOf(world));
      await db.$executeRaw`DELETE FROM infra_lock WHERE environment = 'dev'`;
      const err = await requestPlan(deps, ana, { environment: "dev" }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(IntegrationError);
      expect(err).toMatchObject({ status: 503, message: expect.stringMatching(/triggerBuild: HTTP 503/) });
      const run = await db.infraRun.findFirstOrThrow({ orderBy: { createdAt: "desc" } });
      expect(run).toMatchObject({
        status: "failed",
        failureReason: expect.stringMatching(/Jenkins did not start fixture-infra-plan/),
      });
      expect(await readLock(db, "dev")).toBeNull();
    } finally {
      await world.control.clearFaults();
    }
  });

  it("a build aborted in Jenkins ends the run aborted and frees the lock", async () => {
    const deps = depsFor(db, jenkinsOf(world), { planJob: "fixture-infra-plan-slow" });
    await db.$executeRaw`DELETE FROM infra_lock WHERE environment = 'dev'`;
    const run = await requestPlan(deps, ana, { environment: "dev" });
    const n = await deps.jenkins.waitForBuild(run.queueId!, { timeoutMs: 10_000, pollMs: 50 });
    await syncRun(deps, run.id);
    await deps.jenkins.stopBuild("fixture-infra-plan-slow", n); // someone pressed stop in Jenkins itself
    const done = await trackToEnd(deps, run.id);
    expect(done).toMatchObject({ status: "aborted", buildNumber: n, failureReason: "the Jenkins build was aborted" });
    expect(await readLock(db, "dev")).toBeNull();
  });

  it("a queue item cancelled before it started fails the run; the second build of a job is a BlockedItem", async () => {
    const j = jenkinsOf(world);
    const first = await j.triggerBuild("fixture-infra-plan-slow", { ENVIRONMENT: "prod", REQUESTED_BY: "x" });
    const n = await j.waitForBuild(first.queueId, { timeoutMs: 10_000, pollMs: 50 });
    const deps = depsFor(db, j, { planJob: "fixture-infra-plan-slow" });
    await db.$executeRaw`DELETE FROM infra_lock WHERE environment = 'staging'`;
    const run = await requestPlan(deps, ana, { environment: "staging" });
    await new Promise((r) => setTimeout(r, 400)); // past the quiet period: now blocked by build n
    expect(await j.getQueueItem(run.queueId!)).toEqual({
      state: "queued",
      blocked: true,
      why: expect.stringMatching(new RegExp(`^Build #${n} is already in progress`)),
    });
    await j.cancelQueueItem(run.queueId!);
    await expect(j.waitForBuild(run.queueId!, { timeoutMs: 2000, pollMs: 50 })).rejects.toBeInstanceOf(
      QueueItemCancelledError,
    );
    const done = await trackToEnd(deps, run.id);
    expect(done).toMatchObject({
      status: "failed",
      failureReason: expect.stringMatching(/cancelled before a build started/),
    });
    expect(await readLock(db, "staging")).toBeNull();
    await j.stopBuild("fixture-infra-plan-slow", n);
  });

  it("a build of another job waits inside lock() with a number, logging who holds the resource", async () => {
    const j = jenkinsOf(world);
    const slow = await j.triggerBuild("fixture-infra-plan-slow", { ENVIRONMENT: "dev", REQUESTED_BY: "x" });
    const slowN = await j.waitForBuild(slow.queueId, { timeoutMs: 10_000, pollMs: 50 });
    const plan = await j.triggerBuild("fixture-infra-plan", { ENVIRONMENT: "dev", REQUESTED_BY: "y" });
    const planN = await j.waitForBuild(plan.queueId, { timeoutMs: 10_000, pollMs: 50 });
    await new Promise((r) => setTimeout(r, 300));
    expect(await j.getBuild("fixture-infra-plan", planN)).toMatchObject({ building: true });
    expect(await j.getStages("fixture-infra-plan", planN)).toEqual([]); // no stage reached yet
    expect((await j.getConsole("fixture-infra-plan", planN, 0)).text).toContain(
      `[nura-infra-dev] is locked by build fixture-infra-plan-slow #${slowN}, waiting...`,
    );
    await j.stopBuild("fixture-infra-plan-slow", slowN);
    for (let i = 0; i < 100 && (await j.getBuild("fixture-infra-plan", planN)).building; i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(await j.getBuild("fixture-infra-plan", planN)).toMatchObject({ result: "SUCCESS" });
    expect((await j.getConsole("fixture-infra-plan", planN, 0)).text).toContain(
      "Lock acquired on [Resource: nura-infra-dev]",
    );
  });

  it("the stop redirect target is the build page", async () => {
    const j = jenkinsOf(world);
    const { queueId } = await j.triggerBuild("fixture-infra-plan-slow", { ENVIRONMENT: "staging", REQUESTED_BY: "x" });
    const n = await j.waitForBuild(queueId, { timeoutMs: 10_000, pollMs: 50 });
    const auth = `Basic ${Buffer.from(`${world.env.JENKINS_USER}:${world.env.JENKINS_TOKEN}`).toString("base64")}`;
    const stop = await fetch(`${world.env.JENKINS_URL}/job/fixture-infra-plan-slow/${n}/stop`, {
      method: "POST",
      redirect: "manual",
      headers: { authorization: auth },
    });
    expect(stop.status).toBe(302);
    const target = await fetch(stop.headers.get("location")!, { headers: { authorization: auth } });
    expect(target.status).toBe(200);
  });
});

describe("a Jenkins that demands a crumb", () => {
  let strict: World;
  beforeAll(async () => {
    strict = await startWorld({
      services: ["jenkins"],
      jenkinsJobsFile: FIXTURE_JOBS,
      jenkinsQuietPeriodMs: 50,
      jenkinsRequireCrumb: true,
    });
  });
  afterAll(async () => {
    await strict?.stop();
  });

  it("the client fetches the crumb and its session cookie on the 403, then the POST goes through", async () => {
    const auth = `Basic ${Buffer.from(`${strict.env.JENKINS_USER}:${strict.env.JENKINS_TOKEN}`).toString("base64")}`;
    const bare = await fetch(`${strict.env.JENKINS_URL}/job/fixture-infra-plan/buildWithParameters?ENVIRONMENT=dev`, {
      method: "POST",
      headers: { authorization: auth },
    });
    expect(bare.status).toBe(403);
    const j = jenkinsOf(strict);
    const { queueId } = await j.triggerBuild("fixture-infra-plan", { ENVIRONMENT: "dev", REQUESTED_BY: "ana" });
    expect(await j.waitForBuild(queueId, { timeoutMs: 10_000, pollMs: 50 })).toBe(1);
  });
});
