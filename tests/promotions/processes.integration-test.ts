// Promotions across real portal processes: the executor runs in child processes that are exactly
// what a portal pod starts (tests/promotions/portal-process.ts: the job queue's workers wired to the
// real adapters), on one PostgreSQL, against the sandbox world's GitOps remote and Argo CD. This
// process plays the web tier only (requests and approvals; its queue runs no workers).
//   - two processes → one commit per promotion, even when both get a job for the same promotion;
//   - a process SIGKILLed between its push and recording it → after a restart the promotion resumes,
//     finds its commit on the remote by Promotion-Id instead of pushing a second one, and succeeds.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { appendFileSync, chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { QueueTx } from "@/lib/server/jobs";
import { PROMOTION_EXECUTE_JOB } from "@/lib/server/promotions/register";
import { approvePromotion, requestPromotion } from "@/lib/server/promotions/service";
import { openDb } from "../audit/support";
import { cloneGitops, commitTag, waitFor } from "../sandbox/helpers";
import { asUser, gitLog, type PromotionWorld, person, saveUsers, startPromotionWorld } from "./support";

const db = openDb(10);
let pw: PromotionWorld;
const dev = person("Dana", [{ role: "developer", environment: null }]);
const ana = person("Ana", [{ role: "approver", environment: null }]);
const children: ChildProcess[] = [];

beforeAll(async () => {
  await db.$executeRawUnsafe("TRUNCATE promotion, approval, slack_outbox CASCADE");
  pw = await startPromotionWorld(db, { workers: false });
  await saveUsers(db, dev, ana);
}, 180_000);
afterEach(async () => {
  for (const c of children.splice(0)) {
    if (c.exitCode === null && c.signalCode === null) {
      c.kill("SIGKILL");
      await once(c, "exit");
    }
  }
});
afterAll(async () => {
  await pw?.stop();
  await db.$disconnect();
});

/** Starts a portal process (its own working copy, as a pod has); resolves once its workers run. */
async function startPortal(
  name: string,
  opts: { extraPath?: string; holdWorkers?: boolean } = {},
): Promise<ChildProcess> {
  const { extraPath, holdWorkers = false } = opts;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...pw.world.env,
    CATALOG_PATH: pw.catalogPath,
    GITOPS_CACHE_DIR: mkdtempSync(join(tmpdir(), `nura-portal-${name}-`)),
    UPSTREAM_TIMEOUT_MS: "5000",
    PATH: extraPath ? `${extraPath}:${process.env.PATH}` : process.env.PATH,
    WORKERS_ON_STDIN: holdWorkers ? "1" : "",
  };
  // node itself (not npx): a SIGKILL must hit the process that holds the job.
  const child: ChildProcess = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", "tests/promotions/portal-process.ts"],
    { env, stdio: ["pipe", "pipe", "pipe"] },
  );
  children.push(child);
  // Its log, for the failure message of a test that waited on it in vain.
  const log = join(tmpdir(), `nura-portal-${name}-${child.pid}.log`);
  let out = "";
  const keep = (d: Buffer) => {
    out += String(d);
    appendFileSync(log, d);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  console.log(`portal process ${name}: pid ${child.pid}, log ${log}`);
  await waitFor(
    `portal process ${name} to start`,
    async () => {
      if (child.exitCode !== null) throw new Error(`portal process ${name} exited ${child.exitCode}: ${out}`);
      return out.includes("ready");
    },
    120_000,
    200,
  );
  return child;
}

async function kill(child: ChildProcess) {
  child.kill("SIGKILL");
  await once(child, "exit");
}

async function devRuns(app: string, tag: string) {
  const clone = cloneGitops(pw.world.env.GITOPS_REPO_URL!);
  commitTag(clone, `helm/${app}/values-dev.yaml`, tag, `ci(${app}): ${tag} to dev`);
  await waitFor(
    `${app} dev to run ${tag}`,
    async () => {
      const a = await pw.service.argocd.getApplication(`${app}-dev`);
      return a.imageTag === tag && a.health === "Healthy";
    },
    60_000,
    300,
  );
}

async function finished(id: string) {
  return waitFor(
    `promotion ${id} to finish`,
    async () => {
      const p = await db.promotion.findUnique({ where: { id } });
      return p && ["succeeded", "failed", "rolled_back", "superseded"].includes(p.status) ? p : false;
    },
    240_000,
    500,
  );
}

const commitsOf = (id: string) =>
  gitLog(pw.world, ["--format=%H%n%B%x00"])
    .split("\0")
    .filter((c) => c.includes(`Promotion-Id: ${id}`));

/** How many times each step of the promotion's audit trail was recorded, "action:outcome" → n. */
async function stepCounts(id: string): Promise<Record<string, number>> {
  const events = await db.auditEvent.findMany({
    where: { targetType: "promotion", targetId: id },
    select: { action: true, outcome: true },
  });
  const counts: Record<string, number> = {};
  for (const e of events) counts[`${e.action}:${e.outcome}`] = (counts[`${e.action}:${e.outcome}`] ?? 0) + 1;
  return counts;
}

describe("two portal processes on one database", () => {
  it("make one commit per promotion, each step once, even with a second job for the same promotion", async () => {
    // Both up, workers held: the jobs below wait until both processes reach for them at once.
    const portals = await Promise.all([
      startPortal("a", { holdWorkers: true }),
      startPortal("b", { holdWorkers: true }),
    ]);
    const apps = ["nura-core", "nura-ui", "nura-portal"];
    const tag = `6.0.${Date.now() % 100_000}`;
    await Promise.all(apps.map((app) => devRuns(app, tag)));
    const ids: string[] = [];
    for (const app of apps) {
      const p = await requestPromotion(pw.service, asUser(dev), { application: app, toEnvironment: "staging" });
      await approvePromotion(pw.service, asUser(ana), p.id, {});
      // A second executor job for the same promotion (as a requeue racing a retry could leave):
      // the two processes may now run the executor on one promotion at the same moment.
      const extra = await db.$transaction((tx) =>
        pw.queue.enqueue(
          tx as unknown as QueueTx,
          PROMOTION_EXECUTE_JOB,
          { promotionId: p.id },
          {
            singletonKey: `${p.id}:second`,
          },
        ),
      );
      expect(extra).not.toBeNull();
      ids.push(p.id);
    }
    for (const c of portals) c.stdin!.write("go\n");
    for (const id of ids) {
      const done = await finished(id);
      expect(done.status, done.failureReason ?? "").toBe("succeeded");
      const commits = commitsOf(id);
      expect(commits).toHaveLength(1);
      expect(commits[0]!.trim().split("\n")[0]).toBe(done.commitSha);
      const steps = await stepCounts(id);
      for (const step of [
        "promotion.commit_started:success",
        "promotion.executed:success",
        "promotion.git_push:intent",
        "promotion.git_push:success",
        "promotion.synced:success",
        "promotion.succeeded:success",
      ]) {
        expect(steps[step], `${step} of ${id}: ${JSON.stringify(steps)}`).toBe(1);
      }
    }
    // Both jobs of every promotion ran to completion (the second found the lease held or nothing left).
    const jobs = await db.$queryRawUnsafe<{ state: string; n: bigint }[]>(
      "SELECT state, count(*) AS n FROM pgboss.job WHERE name = $1 AND data->>'promotionId' = ANY($2) GROUP BY state",
      PROMOTION_EXECUTE_JOB,
      ids,
    );
    expect(Object.fromEntries(jobs.map((j) => [j.state, Number(j.n)]))).toEqual({ completed: ids.length * 2 });
  }, 420_000);
});

describe("a portal process killed mid-promotion", () => {
  it("after the restart resumes it: the commit it pushed is found by Promotion-Id, not pushed twice", async () => {
    // The doomed process's git pushes, then hangs before the portal can record the outcome.
    const slowGit = mkdtempSync(join(tmpdir(), "nura-slow-git-"));
    writeFileSync(
      join(slowGit, "git"),
      `#!/bin/sh\n/usr/bin/git "$@"\nrc=$?\nif [ "$1" = push ]; then sleep 600; fi\nexit $rc\n`,
    );
    chmodSync(join(slowGit, "git"), 0o755);
    const doomed = await startPortal("doomed", { extraPath: slowGit });
    const tag = `6.1.${Date.now() % 100_000}`;
    await devRuns("nura-core", tag);
    const p = await requestPromotion(pw.service, asUser(dev), { application: "nura-core", toEnvironment: "staging" });
    await approvePromotion(pw.service, asUser(ana), p.id, {});
    await waitFor("the doomed process's commit on the remote", async () => commitsOf(p.id).length === 1, 60_000, 100);
    await kill(doomed);
    const killed = await db.promotion.findUniqueOrThrow({ where: { id: p.id } });
    expect(killed.status).toBe("committing"); // pushed, but not recorded: the worst moment to die
    expect(await stepCounts(p.id)).toMatchObject({ "promotion.git_push:intent": 1 });

    await startPortal("restarted");
    const done = await finished(p.id);
    expect(done.status, done.failureReason ?? "").toBe("succeeded");
    const commits = commitsOf(p.id);
    expect(commits).toHaveLength(1);
    expect(commits[0]!.trim().split("\n")[0]).toBe(done.commitSha);
    const pushes = await db.auditEvent.findMany({
      where: { targetType: "promotion", targetId: p.id, action: "promotion.git_push", outcome: "success" },
      select: { details: true },
    });
    expect(pushes).toHaveLength(1);
    expect(pushes[0]!.details).toMatchObject({ alreadyOnRemote: true, sha: done.commitSha });
    const steps = await stepCounts(p.id);
    expect(steps["promotion.git_push:intent"]).toBe(2); // the killed attempt's and the resumed one's
    expect(steps["promotion.executed:success"]).toBe(1);
    expect(steps["promotion.succeeded:success"]).toBe(1);
  }, 420_000);
});
