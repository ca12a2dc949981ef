// `npx tsx sandbox/main.ts`, the command `make demo` runs: it prints "sandbox ready", writes
// portal.env with the production variable names, and SIGTERM stops every child process.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { PORT_ENV_NAMES } from "@/sandbox/world/ports";
import { waitFor } from "./helpers";

const dataDir = mkdtempSync(join(tmpdir(), "nura-sandbox-main-"));
let proc: ChildProcess | undefined;

afterAll(() => {
  if (proc && proc.exitCode === null) proc.kill("SIGKILL");
  rmSync(dataDir, { recursive: true, force: true });
});

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

it("starts the world in the foreground, writes portal.env, and stops everything on SIGTERM", async () => {
  // Ephemeral ports so the test never collides with a running demo.
  const ports = Object.fromEntries(Object.values(PORT_ENV_NAMES).map((k) => [k, "0"]));
  proc = spawn(join("node_modules", ".bin", "tsx"), ["sandbox/main.ts"], {
    env: {
      ...process.env,
      ...ports,
      SANDBOX_DATA_DIR: dataDir,
      SANDBOX_JENKINS_JOBS: "tests/sandbox/fixtures/jobs.yaml",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  proc.stdout!.on("data", (d: Buffer) => {
    out += d.toString();
  });
  proc.stderr!.on("data", (d: Buffer) => {
    out += d.toString();
  });
  await waitFor("sandbox ready", async () => /sandbox ready in [\d.]+ s/.test(out), 90_000, 250);

  const env = Object.fromEntries(
    readFileSync(join(dataDir, "portal.env"), "utf8")
      .trim()
      .split("\n")
      .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
  );
  for (const key of [
    "ARGOCD_URL",
    "ARGOCD_TOKEN",
    "JENKINS_URL",
    "JENKINS_USER",
    "JENKINS_TOKEN",
    "GRAFANA_URL",
    "GRAFANA_TOKEN",
    "GRAFANA_DATASOURCE_UID",
    "SLACK_WEBHOOK_URL",
    "SLACK_API_URL",
    "SLACK_BOT_TOKEN",
    "KUBECONFIG",
    "AWS_ENDPOINT_URL_EKS",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_REGION",
    "GITOPS_REPO_URL",
  ]) {
    expect(env[key], key).toBeTruthy();
  }
  expect(env.ARGOCD_TOKEN!.split(".")).toHaveLength(3);
  expect(env.GRAFANA_TOKEN).toMatch(/^glsa_/);
  expect(env.SLACK_BOT_TOKEN).toMatch(/^xoxb-/);
  const health = await fetch(`${env.GRAFANA_URL}/api/health`);
  expect(health.status).toBe(200);

  const pids = JSON.parse(readFileSync(join(dataDir, "pids.json"), "utf8")) as { main: number; children: number[] };
  expect(pids.children).toHaveLength(2);
  expect(pids.children.every(alive)).toBe(true);

  proc.kill("SIGTERM");
  await waitFor("exit", async () => proc!.exitCode !== null, 20_000);
  expect(proc.exitCode).toBe(0);
  await waitFor("children gone", async () => [pids.main, ...pids.children].every((p) => !alive(p)), 10_000);
  await expect(fetch(`${env.GRAFANA_URL}/api/health`)).rejects.toThrow();
});
