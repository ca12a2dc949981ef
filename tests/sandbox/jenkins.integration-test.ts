// Jenkins emulator: remote-access API shapes from contracts/NOTES.md, and jobs running
// real processes from a jobs.yaml (fixture here; infra/jenkins/jobs.yaml in the demo).
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeJenkinsError } from "@/lib/integrations/jenkins/mapping";
import { loadJobs } from "@/sandbox/jenkins/jobs";
import { startWorld, type World } from "@/sandbox/world";
import { waitFor } from "./helpers";
import { checkRequired, expectRequired, JENKINS_REQUIRED } from "./required-fields";

// Checked on every poll's body and asserted after the wait: inside waitFor a failed expect is only
// retried, so a field left out on some polls (and sent on the last) would pass.
const EVERY_POLL = "what real Jenkins always sends, on every poll";

const queueOverlay = (item: { _class?: string }) =>
  item._class === "hudson.model.Queue$LeftItem" ? JENKINS_REQUIRED.leftQueueItem : JENKINS_REQUIRED.queueItem;

let world: World;
let auth: string;

async function jenkins(path: string, init: RequestInit = {}) {
  const url = path.startsWith("http") ? path : `${world.env.JENKINS_URL}${path}`;
  return fetch(url, {
    redirect: "manual",
    ...init,
    headers: { authorization: auth, ...(init.headers as Record<string, string>) },
  });
}

async function json(path: string) {
  const res = await jenkins(path);
  expect(res.status, path).toBe(200);
  expect(res.headers.get("x-jenkins")).toBeTruthy();
  // biome-ignore lint/suspicious/noExplicitAny: shapes are asserted field by field below
  return (await res.json()) as any;
}

async function trigger(job: string, params: Record<string, string>) {
  const res = await jenkins(`/job/${job}/buildWithParameters?${new URLSearchParams(params)}`, { method: "POST" });
  expect(res.status).toBe(201);
  const location = res.headers.get("location")!;
  expect(location).toMatch(/\/queue\/item\/\d+\/$/);
  const problems: string[] = [];
  const item = await waitFor("queue item to start", async () => {
    const q = await json(`${new URL(location).pathname}api/json`);
    problems.push(...checkRequired(queueOverlay(q), q).map((p) => `queue item ${q._class}: ${p}`));
    return q.executable && q;
  });
  expect(problems, EVERY_POLL).toEqual([]);
  expect(item._class).toBe("hudson.model.Queue$LeftItem");
  expect(item.cancelled).toBe(false);
  return item.executable.number as number;
}

async function finished(job: string, n: number) {
  const problems: string[] = [];
  const build = await waitFor(`${job} #${n} to finish`, async () => {
    const b = await json(`/job/${job}/${n}/api/json`);
    problems.push(...checkRequired(JENKINS_REQUIRED.build, b).map((p) => `${job} #${n}: ${p}`));
    return !b.building && b;
  });
  expect(problems, EVERY_POLL).toEqual([]);
  return build;
}

beforeAll(async () => {
  world = await startWorld({
    services: ["jenkins", "moto"],
    jenkinsJobsFile: "tests/sandbox/fixtures/jobs.yaml",
    jenkinsQuietPeriodMs: 200,
  });
  auth = `Basic ${Buffer.from(`${world.env.JENKINS_USER}:${world.env.JENKINS_TOKEN}`).toString("base64")}`;
});
afterAll(async () => {
  await world?.stop();
});

describe("jobs file", () => {
  it("loads the infrastructure tree's infra/jenkins/jobs.yaml, and says who provides it when it is missing", () => {
    const jobs = loadJobs("infra/jenkins/jobs.yaml");
    expect(jobs.map((j) => j.name)).toEqual(expect.arrayContaining(["nura-infra-plan", "nura-infra-apply"]));
    for (const j of jobs) expect(j.stages.length, `${j.name} has stages`).toBeGreaterThan(0);
    expect(() => loadJobs("tests/sandbox/fixtures/missing-jobs.yaml")).toThrow(/infra\/jenkins\/jobs\.yaml/);
  });
});

describe("auth", () => {
  it("403 anonymous, 401 bad token, crumb issuer with token auth", async () => {
    expect((await fetch(`${world.env.JENKINS_URL}/api/json`)).status).toBe(403);
    const bad = await fetch(`${world.env.JENKINS_URL}/api/json`, {
      headers: { authorization: `Basic ${Buffer.from("portal:nope").toString("base64")}` },
    });
    expect(bad.status).toBe(401);
    const crumb = await json("/crumbIssuer/api/json");
    expectRequired(JENKINS_REQUIRED.crumb, crumb, "crumb");
    expect(crumb.crumbRequestField).toBe("Jenkins-Crumb");
    expect(crumb.crumb).toMatch(/^[0-9a-f]+$/);
  });
});

describe("builds", () => {
  it("runs a parameterized job: queue → build JSON, console, artifacts, stages", async () => {
    const n = await trigger("fixture-plan", { ENVIRONMENT: "staging", REQUESTED_BY: "alice" });
    // progressive text while running and after
    let start = 0;
    let log = "";
    for (;;) {
      const res = await jenkins(`/job/fixture-plan/${n}/logText/progressiveText?start=${start}`);
      expect(res.status).toBe(200);
      log += await res.text();
      start = Number(res.headers.get("x-text-size"));
      if (res.headers.get("x-more-data") !== "true") break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const b = await finished("fixture-plan", n);
    expect(b).toMatchObject({ number: n, building: false, inProgress: false, result: "SUCCESS" });
    expect(b.duration).toBeGreaterThan(0);
    expect(b.timestamp).toBeGreaterThan(Date.now() - 60_000);
    const params = b.actions.find((a: { _class?: string }) => a._class === "hudson.model.ParametersAction").parameters;
    expect(params).toEqual([
      { _class: "hudson.model.StringParameterValue", name: "ENVIRONMENT", value: "staging" },
      { _class: "hudson.model.StringParameterValue", name: "REQUESTED_BY", value: "alice" },
    ]);
    expect(b.artifacts.map((a: { relativePath: string }) => a.relativePath).sort()).toEqual([
      "artifacts/plan.json",
      "artifacts/plan.sha256",
      "artifacts/plan.txt",
    ]);
    expect(log).toContain("preparing staging for alice (plan-of-staging)");
    expect(log).toContain('"nura-staging"'); // the stage reached moto through AWS_ENDPOINT_URL
    expect(log.trimEnd().endsWith("Finished: SUCCESS")).toBe(true);
    const full = await (await jenkins(`/job/fixture-plan/${n}/consoleText`)).text();
    expect(full).toBe(log);
    // start beyond the end resets to 0
    const reset = await jenkins(`/job/fixture-plan/${n}/logText/progressiveText?start=${log.length + 100}`);
    expect(await reset.text()).toBe(log);
    expect(reset.headers.get("x-more-data")).toBeNull();

    const plan = await (await jenkins(`/job/fixture-plan/${n}/artifact/artifacts/plan.json`)).text();
    const sha = (await (await jenkins(`/job/fixture-plan/${n}/artifact/artifacts/plan.sha256`)).text()).trim();
    expect(execFileSync("sha256sum", { input: plan }).toString().split(" ")[0]).toBe(sha);

    const wf = await json(`/job/fixture-plan/${n}/wfapi/describe`);
    expectRequired(JENKINS_REQUIRED.runDescription, wf, "wfapi/describe");
    expect(wf.status).toBe("SUCCESS");
    expect(wf.stages.map((s: { name: string; status: string }) => [s.name, s.status])).toEqual([
      ["Prepare", "SUCCESS"],
      ["Plan", "SUCCESS"],
    ]);
    const trimmed = await json(`/job/fixture-plan/api/json?tree=builds[number,result]{0,1}`);
    expect(trimmed.builds).toEqual([
      { _class: "org.jenkinsci.plugins.workflow.job.WorkflowRun", number: n, result: "SUCCESS" },
    ]);
  });

  it("marks a failing stage FAILED, skips the rest, result FAILURE", async () => {
    const n = await trigger("fixture-fail", { CODE: "7" });
    const b = await finished("fixture-fail", n);
    expect(b.result).toBe("FAILURE");
    const wf = await json(`/job/fixture-fail/${n}/wfapi/describe`);
    expectRequired(JENKINS_REQUIRED.runDescription, wf, "wfapi/describe");
    expect(wf.status).toBe("FAILED");
    expect(wf.stages[0]).toMatchObject({
      name: "Breaks",
      status: "FAILED",
      error: { message: "script returned exit code 7" },
    });
    expect(wf.stages[1]).toMatchObject({ name: "Never", status: "NOT_EXECUTED" });
    const log = await (await jenkins(`/job/fixture-fail/${n}/consoleText`)).text();
    expect(log).not.toContain("must not run");
  });

  it("stops a running build (its process group is killed): ABORTED", async () => {
    // A duration no other run on this machine uses, so the `ps` check below sees only this build's sleep.
    const seconds = String(1000 + Math.floor(Math.random() * 8000));
    const n = await trigger("fixture-long", { SECONDS_TO_SLEEP: seconds });
    await waitFor("sleeping", async () =>
      (await (await jenkins(`/job/fixture-long/${n}/consoleText`)).text()).includes("sleeping"),
    );
    const stop = await jenkins(`/job/fixture-long/${n}/stop`, { method: "POST" });
    expect(stop.status).toBe(302);
    const b = await finished("fixture-long", n);
    expect(b.result).toBe("ABORTED");
    const ps = execFileSync("ps", ["-eo", "args"]).toString();
    expect(ps).not.toMatch(new RegExp(`^sleep ${seconds}$`, "m"));
  });

  it("answers 303 for an identical queued item, 400 not parameterized, 404 unknown job, 405 on GET", async () => {
    const a = await jenkins("/job/fixture-fail/buildWithParameters?CODE=0", { method: "POST" });
    const b = await jenkins("/job/fixture-fail/buildWithParameters?CODE=0", { method: "POST" });
    expect(a.status).toBe(201);
    expect(b.status).toBe(303);
    expect(b.headers.get("location")).toBe(a.headers.get("location"));
    expect((await jenkins("/job/fixture-noparams/buildWithParameters", { method: "POST" })).status).toBe(400);
    const unknown = await jenkins("/job/nope/buildWithParameters", { method: "POST" });
    expect(unknown.status).toBe(404);
    // Jenkins' error pages are HTML; the adapter reports the reason in their title, so there must be one.
    expect(describeJenkinsError(404, await unknown.text())).not.toBe("HTTP 404");
    expect((await jenkins("/job/fixture-fail/buildWithParameters")).status).toBe(405);
    expect((await jenkins("/job/fixture-plan/buildWithParameters?ENVIRONMENT=qa", { method: "POST" })).status).toBe(
      400,
    );
  });

  it("cancels a queued item: cancelled true, executable null", async () => {
    const res = await jenkins("/job/fixture-long/buildWithParameters?SECONDS_TO_SLEEP=1", { method: "POST" });
    const id = res.headers.get("location")!.match(/item\/(\d+)/)![1];
    const cancel = await jenkins(`/queue/cancelItem?id=${id}`, { method: "POST" });
    expect(cancel.status).toBe(302);
    const item = await json(`/queue/item/${id}/api/json`);
    expect(item).toMatchObject({ _class: "hudson.model.Queue$LeftItem", cancelled: true, executable: null });
    expectRequired(JENKINS_REQUIRED.leftQueueItem, item, "cancelled item");
  });
});
