// The sandbox world in its own process (`tsx sandbox/main.ts`, as `make demo` runs it), so the
// emulators do not share the measured portal's event loop. Ephemeral ports, temp data dir.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const PORTS = [
  "ARGOCD",
  "JENKINS",
  "KUBERNETES",
  "GRAFANA",
  "SLACK",
  "MOTO",
  "CONTROL",
  "EXPORTER",
  "PROMETHEUS",
  "MOTO_UPSTREAM",
  "PROMETHEUS_UPSTREAM",
];

export interface WorldProcess {
  env: Record<string, string>;
  setFault(target: string, patch: { latencyMs?: number; down?: boolean; errorRate?: number }): Promise<void>;
  stop(): Promise<void>;
}

export async function startWorldProcess(extraApps: number, timeoutMs = 180_000): Promise<WorldProcess> {
  const dir = mkdtempSync(join(tmpdir(), "nura-bench-world-"));
  // Every environment's EKS cluster seeded: with the toolchain linked, the sandbox leaves dev's to a
  // tofu apply from the Infrastructure page, and the overview would wait for a cluster that never comes.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SANDBOX_DATA_DIR: dir,
    SANDBOX_EXTRA_APPS: String(extraApps),
    SANDBOX_TOFU_ENVIRONMENTS: "",
  };
  for (const p of PORTS) env[`SANDBOX_${p}_PORT`] = "0";
  const child: ChildProcess = spawn("npx", ["tsx", "sandbox/main.ts"], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let log = "";
  child.stdout?.on("data", (d) => (log += d));
  child.stderr?.on("data", (d) => (log += d));
  const envFile = join(dir, "portal.env");
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(envFile)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`sandbox world did not start:\n${log.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  await new Promise((r) => setTimeout(r, 200));
  const worldEnv = Object.fromEntries(
    readFileSync(envFile, "utf8")
      .trim()
      .split("\n")
      .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
  );
  return {
    env: worldEnv,
    async setFault(target, patch) {
      const res = await fetch(`${worldEnv.SANDBOX_CONTROL_URL}/faults/${target}`, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(patch),
      });
      if (!res.ok) throw new Error(`fault ${target}: HTTP ${res.status} ${await res.text()}`);
    },
    async stop() {
      if (child.exitCode === null && child.pid) {
        const exited = new Promise((r) => child.once("exit", r));
        process.kill(-child.pid, "SIGTERM");
        await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
