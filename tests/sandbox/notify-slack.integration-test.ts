// scripts/ci/notify-slack.sh (the Jenkinsfile's post failure / fixed blocks) against the sandbox's Slack
// emulator, which serves incoming webhooks as Slack does (404 no_service for an unknown hook, 400 for a
// payload without text). tests/infra/jenkins/JenkinsfileTests.groovy checks when the Jenkinsfile calls it.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorld, type World } from "@/sandbox/world";

const run = promisify(execFile);
let world: World;

/** What a Jenkins agent's shell gets: PATH and HOME plus the build's variables, nothing else of ours. */
async function notify(outcome: string, vars: Record<string, string>) {
  try {
    const r = await run("scripts/ci/notify-slack.sh", [outcome], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...vars } as unknown as NodeJS.ProcessEnv,
    });
    return { code: 0, stderr: r.stderr };
  } catch (err) {
    const e = err as { code?: number; stderr?: string };
    return { code: e.code ?? -1, stderr: e.stderr ?? String(err) };
  }
}

/** Every message the emulator holds, oldest first (it lists newest first, as Slack's history does). */
async function messages(): Promise<{ text: string; source: string }[]> {
  const res = await fetch(`${world.env.SANDBOX_SLACK_URL}/__sandbox/messages`);
  return ((await res.json()) as { messages: { text: string; source: string }[] }).messages.reverse();
}

const build = {
  JOB_NAME: "nura-app-pipeline/main",
  BUILD_NUMBER: "57",
  BUILD_URL: "https://jenkins.nura.example.com/job/nura-app-pipeline/job/main/57/",
  BRANCH_NAME: "main",
  GIT_COMMIT: "0123456789abcdef0123",
};

beforeAll(async () => {
  world = await startWorld({ services: [] });
});
afterAll(async () => {
  await world?.stop();
});

describe("notify-slack.sh", () => {
  it("posts a failure and a fix to the webhook's channel, naming the job, branch, commit and build link", async () => {
    const before = (await messages()).length;
    expect((await notify("failure", { ...build, SLACK_WEBHOOK_URL: world.env.SLACK_WEBHOOK_URL! })).code).toBe(0);
    expect(
      (
        await notify("fixed", {
          ...build,
          BUILD_NUMBER: "58",
          BUILD_URL: build.BUILD_URL.replace("/57/", "/58/"),
          SLACK_WEBHOOK_URL: world.env.SLACK_WEBHOOK_URL!,
        })
      ).code,
    ).toBe(0);
    const posted = (await messages()).slice(before);
    expect(posted.map((m) => [m.source, m.text])).toEqual([
      [
        "webhook",
        ":red_circle: nura-app-pipeline/main #57 on main (0123456789ab) failed. <https://jenkins.nura.example.com/job/nura-app-pipeline/job/main/57/|build #57>",
      ],
      [
        "webhook",
        ":large_green_circle: nura-app-pipeline/main #58 on main (0123456789ab) is back to green. <https://jenkins.nura.example.com/job/nura-app-pipeline/job/main/58/|build #58>",
      ],
    ]);
  });

  it("never fails the build when Slack refuses (unknown webhook) or is unreachable, and says so", async () => {
    const before = (await messages()).length;
    const wrongHook = `${world.env.SANDBOX_SLACK_URL}/services/T0SANDBOX/B0SANDBOX/not-the-secret`;
    const refused = await notify("failure", { ...build, SLACK_WEBHOOK_URL: wrongHook });
    expect(refused.code).toBe(0);
    expect(refused.stderr).toContain("Slack refused the notification (404 no_service)");
    const down = await notify("failure", { ...build, SLACK_WEBHOOK_URL: "http://127.0.0.1:9/services/x/y/z" });
    expect(down.code).toBe(0);
    expect(down.stderr).toContain("Slack unreachable");
    expect((await messages()).length).toBe(before);
  });

  it("refuses an unknown outcome or a missing webhook (exit 2)", async () => {
    expect((await notify("success", { ...build, SLACK_WEBHOOK_URL: world.env.SLACK_WEBHOOK_URL! })).code).toBe(2);
    expect((await notify("failure", build)).code).toBe(2);
  });
});
