// The plan → approve → apply flow of lib/server/infra against the sandbox Jenkins running real
// processes (fixture jobs; the apply job runs the real fetch-plan.sh and tofu-apply.sh) and a real
// PostgreSQL: artifacts and summary recorded, locks taken and released, the sha256 binding, expiry,
// four eyes in prod, and every step audited.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCatalog } from "@/lib/catalog";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { JenkinsApi } from "@/lib/integrations/jenkins/api";
import { SYSTEM_ACTOR } from "@/lib/server/audit";
import { abortRun, approvePlan, requestApply, requestPlan, unlockEnvironment } from "@/lib/server/infra/actions";
import { readLock } from "@/lib/server/infra/locks";
import { driftFindings, infraOverview } from "@/lib/server/infra/overview";
import { startWorld, type World } from "@/sandbox/world";
import { openDb } from "../audit/support";
import { waitFor } from "../sandbox/helpers";
import { auditOf, caller, depsFor, FIXTURE_JOBS, jenkinsOf, trackToEnd } from "./support";

let world: World;
let db: PrismaClient;

const ana = caller("Ana Platform", [["approver", null]]);
const bob = caller("Bob Approver", [["approver", null]]);
const dee = caller("Dee Developer", [["developer", null]]);
const adm = caller("Ada Admin", [["admin", null]]);

beforeAll(async () => {
  world = await startWorld({ services: ["jenkins"], jenkinsJobsFile: FIXTURE_JOBS, jenkinsQuietPeriodMs: 50 });
  db = openDb();
});
afterAll(async () => {
  await db?.$disconnect();
  await world?.stop();
});

/** A file the sandbox Jenkins archived for build n of the fixture plan job (what fetch-plan.sh downloads). */
const archived = (n: number, name: string) =>
  join(
    world.control.dataDir,
    "jenkins",
    "jobs",
    "fixture-infra-plan",
    "builds",
    String(n),
    "archive",
    "artifacts",
    name,
  );

async function freshEnv(environment: string) {
  await db.$executeRaw`DELETE FROM infra_lock WHERE environment = ${environment}`;
}

describe("plan", () => {
  it("runs the plan job, records artifacts and summary, releases the lock and audits each step", async () => {
    const deps = depsFor(db, jenkinsOf(world));
    await freshEnv("dev");
    const run = await requestPlan(deps, ana, { environment: "dev" });
    expect(run.status).toBe("queued");
    expect(await readLock(db, "dev")).toMatchObject({ runId: run.id, holderName: "Ana Platform" });

    const done = await trackToEnd(deps, run.id);
    expect(done).toMatchObject({ status: "succeeded", hasChanges: true });
    expect(done.buildNumber).toBeGreaterThan(0);
    expect(done.planSha256).toMatch(/^[0-9a-f]{64}$/);
    expect((done.summary as { counts: { add: number } }).counts.add).toBe(1);
    expect((done.stages as { name: string; status: string }[]).map((s) => [s.name, s.status])).toEqual([
      ["Toolchain", "SUCCESS"],
      ["Plan", "SUCCESS"],
    ]);
    expect(await readLock(db, "dev")).toBeNull();
    const events = await auditOf(db, run.id);
    expect(events.map((e) => [e.action, e.outcome, e.details.phase])).toEqual([
      ["infra.plan", "intent", "requested"],
      ["infra.plan", "success", "triggered"],
      ["infra.plan", "success", "finished"],
    ]);
    expect(events[2]!.details).toMatchObject({ buildNumber: done.buildNumber, planSha256: done.planSha256 });
  });

  it("refuses an unknown environment (404) and a role that may not plan there (403)", async () => {
    const deps = depsFor(db, jenkinsOf(world));
    await expect(requestPlan(deps, ana, { environment: "qa" })).rejects.toMatchObject({
      status: 404,
      message: expect.stringMatching(/unknown environment "qa"/),
    });
    await expect(requestPlan(deps, dee, { environment: "prod" })).rejects.toMatchObject({ status: 403 });
  });

  it("a second plan while one runs is refused with the holder's name; abort stops the build and frees the lock", async () => {
    const deps = depsFor(db, jenkinsOf(world), { planJob: "fixture-infra-plan-slow" });
    await freshEnv("staging");
    const first = await requestPlan(deps, ana, { environment: "staging" });
    await expect(requestPlan(deps, bob, { environment: "staging" })).rejects.toMatchObject({
      status: 409,
      message: expect.stringMatching(/staging is locked by Ana Platform/),
    });
    // Wait until Jenkins runs it, then abort.
    const deadline = Date.now() + 10_000;
    while ((await db.infraRun.findUniqueOrThrow({ where: { id: first.id } })).buildNumber === null) {
      if (Date.now() > deadline) throw new Error("build did not start");
      await import("@/lib/server/infra/tracker").then((m) => m.syncRun(deps, first.id));
      await new Promise((r) => setTimeout(r, 100));
    }
    const aborted = await abortRun(deps, bob, { runId: first.id });
    expect(aborted.status).toBe("aborted");
    expect(await readLock(db, "staging")).toBeNull();
    const b = await deps.jenkins.getBuild("fixture-infra-plan-slow", aborted.buildNumber!);
    // Jenkins ends the build once its process is gone.
    for (let i = 0; i < 50 && (await deps.jenkins.getBuild("fixture-infra-plan-slow", b.number)).building; i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect((await deps.jenkins.getBuild("fixture-infra-plan-slow", b.number)).result).toBe("ABORTED");
    expect((await auditOf(db, first.id)).filter((e) => e.action === "infra.abort").map((e) => e.details.phase)).toEqual(
      ["requested", "stopped"],
    );
  });

  it("a failed build fails the run with the script's reason and frees the lock", async () => {
    const deps = depsFor(db, jenkinsOf(world), { planJob: "fixture-infra-fail" });
    await freshEnv("dev");
    const run = await requestPlan(deps, ana, { environment: "dev" });
    const done = await trackToEnd(deps, run.id);
    expect(done).toMatchObject({ status: "failed", failureReason: "the fixture always fails here" });
    expect(await readLock(db, "dev")).toBeNull();
  });
});

describe("approve and apply", () => {
  async function plannedDev(environment = "dev") {
    const deps = depsFor(db, jenkinsOf(world));
    await freshEnv(environment);
    const run = await requestPlan(deps, ana, { environment });
    return { deps, plan: await trackToEnd(deps, run.id) };
  }

  it("applies an approved plan with its recorded sha256; a tampered plan file is refused by the job", async () => {
    const { deps, plan } = await plannedDev();
    await expect(requestApply(deps, adm, { planRunId: plan.id })).rejects.toMatchObject({
      status: 409,
      message: expect.stringMatching(/needs an approval/),
    });
    const approved = await approvePlan(deps, bob, { runId: plan.id });
    expect(approved.approvedBy).toBe("Bob Approver");

    // Tamper with the archived plan file (its plan.sha256 artifact still shows the approved hash).
    const file = archived(plan.buildNumber!, "plan.tfplan");
    const original = readFileSync(file);
    writeFileSync(file, Buffer.concat([original, Buffer.from("tampered")]));
    const apply = await requestApply(deps, adm, { planRunId: plan.id });
    const refused = await trackToEnd(deps, apply.id);
    expect(refused.status).toBe("failed");
    expect(refused.failureReason).toMatch(
      new RegExp(`REFUSED: plan sha256 mismatch for dev — approved ${plan.planSha256}`),
    );
    expect(await readLock(db, "dev")).toBeNull();
    const events = await auditOf(db, apply.id);
    expect(events.map((e) => [e.action, e.outcome])).toEqual([
      ["infra.apply_requested", "intent"],
      ["infra.apply_requested", "success"],
      ["infra.apply", "failure"],
    ]);
    expect(
      (await auditOf(db, plan.id)).filter((e) => e.action === "infra.apply_approved").map((e) => e.outcome),
    ).toEqual(["success"]);
    expect(events.at(-1)!.details).toMatchObject({ planSha256: plan.planSha256, buildNumber: refused.buildNumber });
  });

  it("the portal refuses an apply whose plan.sha256 artifact no longer matches the approval", async () => {
    const { deps, plan } = await plannedDev();
    await approvePlan(deps, bob, { runId: plan.id });
    const file = archived(plan.buildNumber!, "plan.sha256");
    writeFileSync(file, `${"0".repeat(64)}\n`);
    await expect(requestApply(deps, adm, { planRunId: plan.id })).rejects.toMatchObject({
      status: 409,
      message: expect.stringMatching(/plan hash mismatch/),
    });
  });

  it("passes the approved hash to the job, which accepts the untampered plan", async () => {
    const { deps, plan } = await plannedDev();
    await approvePlan(deps, bob, { runId: plan.id });
    const apply = await requestApply(deps, adm, { planRunId: plan.id });
    await trackToEnd(deps, apply.id);
    const log = await deps.jenkins.getConsole(
      "fixture-infra-apply",
      (await db.infraRun.findUniqueOrThrow({ where: { id: apply.id } })).buildNumber!,
      0,
    );
    expect(log.text).toContain(`PLAN_SHA256`);
    expect(log.text).toContain(`plan sha256 matches the approved one (${plan.planSha256})`);
    // Any apply that ran makes older plans stale, this one included.
    await expect(approvePlan(deps, adm, { runId: plan.id })).rejects.toMatchObject({ status: 409 });
  });

  it("a plan expires after its TTL and as soon as another apply ran", async () => {
    const { deps, plan } = await plannedDev();
    const { plan: second } = await plannedDev();
    await approvePlan(deps, bob, { runId: second.id });
    const apply = await requestApply(deps, adm, { planRunId: second.id });
    await trackToEnd(deps, apply.id);
    await expect(approvePlan(deps, bob, { runId: plan.id })).rejects.toMatchObject({
      status: 409,
      message: expect.stringMatching(/expired: apply .* ran for dev after it/),
    });
    const { plan: third } = await plannedDev();
    await db.infraRun.update({ where: { id: third.id }, data: { finishedAt: new Date(Date.now() - 61 * 60_000) } });
    await expect(approvePlan(deps, bob, { runId: third.id })).rejects.toMatchObject({
      status: 409,
      message: expect.stringMatching(/expired at/),
    });
  });

  it("in prod the requester cannot approve their own plan; an apply run is not a plan", async () => {
    const { deps, plan } = await plannedDev("prod");
    await expect(approvePlan(deps, ana, { runId: plan.id })).rejects.toMatchObject({
      status: 403,
      message: expect.stringMatching(/another approver must approve/),
    });
    await approvePlan(deps, bob, { runId: plan.id });
    const apply = await requestApply(deps, adm, { planRunId: plan.id });
    await expect(requestApply(deps, adm, { planRunId: apply.id })).rejects.toMatchObject({
      status: 400,
      message: expect.stringMatching(/is not a plan/),
    });
    await trackToEnd(deps, apply.id);
  });

  it("four eyes follow the catalog's fourEyesPlans, not the environment's name", async () => {
    // A catalog that asks four eyes of staging and none of prod: the names decide nothing.
    const shipped = loadCatalog("config/catalog.yaml");
    const swapped = {
      ...shipped,
      environments: shipped.environments.map((e) => ({ ...e, fourEyesPlans: e.name === "staging" })),
    };
    for (const [environment, ownApproval] of [
      ["staging", "refused"],
      ["prod", "allowed"],
    ] as const) {
      const { deps: shippedDeps, plan } = await plannedDev(environment);
      const deps = { ...shippedDeps, catalog: async () => swapped };
      if (ownApproval === "refused") {
        await expect(approvePlan(deps, ana, { runId: plan.id })).rejects.toMatchObject({
          status: 403,
          message: expect.stringMatching(/in staging another approver must approve/),
        });
      } else {
        expect((await approvePlan(deps, ana, { runId: plan.id })).approvedBy).toBe("Ana Platform");
      }
    }
  });

  it("an empty plan cannot be approved", async () => {
    const deps = depsFor(db, jenkinsOf(world));
    await freshEnv("dev");
    const run = await requestPlan(deps, ana, { environment: "dev" });
    const done = await trackToEnd(deps, run.id);
    // Rewrite the recorded summary as the empty fixture would produce it.
    const { summarisePlan } = await import("@/lib/domain/plan-review");
    const empty = summarisePlan(readFileSync("tests/infrastructure/fixtures/empty-plan.json", "utf8"));
    await db.infraRun.update({ where: { id: done.id }, data: { hasChanges: false, summary: empty as never } });
    await expect(approvePlan(deps, bob, { runId: done.id })).rejects.toMatchObject({
      status: 400,
      message: expect.stringMatching(/empty/),
    });
  });
});

describe("force unlock", () => {
  it("needs an admin and a written reason, and is audited", async () => {
    const deps = depsFor(db, jenkinsOf(world), { planJob: "fixture-infra-plan-slow" });
    await freshEnv("staging");
    const run = await requestPlan(deps, ana, { environment: "staging" });
    await expect(
      unlockEnvironment(deps, bob, { environment: "staging", reason: "stuck for an hour" }),
    ).rejects.toMatchObject({ status: 403 });
    await expect(unlockEnvironment(deps, adm, { environment: "staging", reason: "stuck" })).rejects.toMatchObject({
      status: 400,
    });
    expect(
      await unlockEnvironment(deps, adm, { environment: "staging", reason: "build agent died, verified in Jenkins" }),
    ).toEqual({ released: true });
    expect(await readLock(db, "staging")).toBeNull();
    const [event] = await db.$queryRaw<{ details: Record<string, unknown> }[]>`
      SELECT details FROM audit_event WHERE action = ${"infra.unlock"} ORDER BY seq DESC LIMIT 1`;
    expect(event!.details).toMatchObject({
      reason: "build agent died, verified in Jenkins",
      runId: run.id,
      holder: "Ana Platform",
    });
    await abortRun(deps, ana, { runId: run.id });
  });
});

describe("abort", () => {
  it("stops the build when Jenkins starts it between the portal's queue read and its cancel", async () => {
    // The race, made certain: the portal's first look at the queue item says "queued", and the cancel
    // only reaches Jenkins once the build has started (so it cancels nothing, as real Jenkins then does).
    // Unless the portal looks again and stops the build, the slow build runs on holding the
    // environment's Jenkins lock, and the next plan of staging waits behind it.
    const real = jenkinsOf(world);
    let reads = 0;
    const racing: JenkinsApi = {
      ...real,
      getQueueItem: async (id) =>
        reads++ === 0 ? { state: "queued", why: null, blocked: false } : real.getQueueItem(id),
      cancelQueueItem: async (id) => {
        await real.waitForBuild(id, { timeoutMs: 20_000 });
        await real.cancelQueueItem(id);
      },
    };
    const deps = depsFor(db, racing, { planJob: "fixture-infra-plan-slow" });
    await freshEnv("staging");
    const run = await requestPlan(deps, ana, { environment: "staging" });
    expect(await abortRun(deps, ana, { runId: run.id })).toMatchObject({ status: "aborted" });
    const started = await real.getQueueItem(run.queueId!);
    expect(started.state).toBe("started");
    const build = started.state === "started" ? started.buildNumber : -1;
    await waitFor(
      "the slow build to be stopped",
      async () => {
        expect(await real.getBuild("fixture-infra-plan-slow", build)).toMatchObject({
          building: false,
          result: "ABORTED",
        });
        return true;
      },
      10_000,
    );
  });
});

describe("drift", () => {
  it("a scheduled plan that finds changes is drift: shown per environment and announced on Slack with a deep link", async () => {
    const notices: unknown[] = [];
    const deps = { ...depsFor(db, jenkinsOf(world)), notify: async (_tx: unknown, n: unknown) => notices.push(n) };
    await freshEnv("staging");
    const schedule = { principal: null, actor: SYSTEM_ACTOR, correlationId: null };
    const run = await requestPlan(deps, schedule, { environment: "staging", trigger: "schedule" });
    expect(run).toMatchObject({ trigger: "schedule", requestedBy: "drift schedule", requestedById: null });
    await trackToEnd(deps, run.id);
    expect(notices).toEqual([
      expect.objectContaining({
        kind: "infra",
        event: "drift_detected",
        path: `/infrastructure/runs/${run.id}`,
        run: expect.objectContaining({
          id: run.id,
          environment: "staging",
          kind: "drift",
          summary: { add: 1, change: 0, destroy: 0 },
        }),
      }),
    ]);
    const overview = await infraOverview(db, loadCatalog("config/catalog.yaml"), null);
    expect(overview.find((e) => e.environment === "staging")!.drift).toMatchObject({
      state: "drift",
      run: { id: run.id },
    });
  });
  it("a drift check asked for now is the user's, audited as theirs, and counts as the environment's drift", async () => {
    const notices: { event?: string; run?: { id?: string } }[] = [];
    const deps = {
      ...depsFor(db, jenkinsOf(world)),
      notify: async (_tx: unknown, n: unknown) => void notices.push(n as (typeof notices)[number]),
    };
    await freshEnv("staging");
    const run = await requestPlan(deps, ana, { environment: "staging", trigger: "drift" });
    expect(run).toMatchObject({ trigger: "drift", requestedBy: "Ana Platform", requestedById: ana.principal.id });
    await trackToEnd(deps, run.id);
    expect(notices.map((n) => [n.event, n.run?.id])).toEqual([["drift_detected", run.id]]);
    const overview = await infraOverview(db, loadCatalog("config/catalog.yaml"), null);
    expect(overview.find((e) => e.environment === "staging")!.drift).toMatchObject({
      state: "drift",
      run: { id: run.id, trigger: "drift" },
    });
    expect(await driftFindings(db, ["staging"])).toEqual([{ environment: "staging", state: "drift", runId: run.id }]);
    const events = await auditOf(db, run.id);
    expect(events[0]).toMatchObject({ action: "infra.plan", outcome: "intent", details: { trigger: "drift" } });
    // A user's own plan with changes is not drift: the drift shown stays the drift check's.
    await freshEnv("staging");
    const plain = await requestPlan(deps, ana, { environment: "staging" });
    await trackToEnd(deps, plain.id);
    expect(await driftFindings(db, ["staging"])).toEqual([{ environment: "staging", state: "drift", runId: run.id }]);
  });
});
