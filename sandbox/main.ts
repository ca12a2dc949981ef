// `npx tsx sandbox/main.ts`: starts the whole sandbox world in the foreground on the demo ports,
// writes .data/sandbox/portal.env for the portal, prints "sandbox ready", and stops every child
// on Ctrl-C / SIGTERM.
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { toolchainReady } from "./jenkins/agent-toolchain";
import { startWorld } from "./world";
import { portsFromEnv } from "./world/ports";

async function main() {
  const started = Date.now();
  const dataDir = resolve(process.env.SANDBOX_DATA_DIR ?? ".data/sandbox");
  mkdirSync(dataDir, { recursive: true });
  const extraApps = Number(process.env.SANDBOX_EXTRA_APPS ?? 0);
  if (!Number.isInteger(extraApps) || extraApps < 0 || extraApps > 500)
    throw new Error(`SANDBOX_EXTRA_APPS=${process.env.SANDBOX_EXTRA_APPS}: must be an integer 0..500`);
  const ms = (name: string, fallback: number) => {
    const v = process.env[name];
    return v ? Number(v) : fallback;
  };
  // With the toolchain, dev is built by OpenTofu from the portal (Infrastructure → Plan dev → apply);
  // without it every environment gets a seeded stand-in cluster (sandbox/aws/seed-eks.ts).
  const tofuEnvironments = toolchainReady(process.cwd())
    ? (process.env.SANDBOX_TOFU_ENVIRONMENTS ?? "dev").split(",").filter(Boolean)
    : [];
  const world = await startWorld({
    dataDir,
    // Another catalog for the world and the portal it configures (the Playwright suite's, with short windows).
    catalogPath: process.env.SANDBOX_CATALOG_PATH || undefined,
    tofuEnvironments,
    ports: portsFromEnv(process.env),
    extraApps,
    timing: {
      pollMs: ms("SANDBOX_GIT_POLL_MS", 1000),
      autoSyncDelayMs: ms("SANDBOX_AUTOSYNC_DELAY_MS", 1500),
      syncDelayMs: ms("SANDBOX_SYNC_DELAY_MS", 2000),
      healthDelayMs: ms("SANDBOX_HEALTH_DELAY_MS", 4000),
      operationPickupMs: ms("SANDBOX_OPERATION_PICKUP_MS", 500),
    },
    portalMetricsTarget: process.env.SANDBOX_PORTAL_METRICS_TARGET ?? "127.0.0.1:3000",
    portalUrl: process.env.PORTAL_URL ?? "http://localhost:3000",
    portalCiToken: process.env.SANDBOX_PORTAL_CI_TOKEN || undefined,
    log: (m) => console.log(`[sandbox] ${m}`),
  });

  // Process ids for operators and the lifecycle test (no orphans after a stop).
  writeFileSync(join(dataDir, "pids.json"), JSON.stringify({ main: process.pid, children: world.control.childPids() }));
  const envFile = join(dataDir, "portal.env");
  writeFileSync(
    envFile,
    `${Object.entries(world.env)
      .map(([k, v]) => `${k}=${v}`)
      .join("\n")}\n`,
    { mode: 0o600 },
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[sandbox] ${signal}: stopping`);
    await world.stop();
    process.exit(0);
  };
  process.on("uncaughtException", (err) => {
    console.error("[sandbox] unexpected error:", err);
    void shutdown("uncaughtException");
  });
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGHUP", () => void shutdown("SIGHUP"));

  const { urls, timings, jenkinsError } = world.control;
  console.log("[sandbox] services:");
  for (const [name, url] of Object.entries(urls)) console.log(`  ${name.padEnd(11)} ${url}`);
  console.log(`  gitops      ${world.env.GITOPS_REPO_URL}`);
  console.log(`  kubeconfig  ${world.env.KUBECONFIG}`);
  if (jenkinsError) console.log(`[sandbox] warning: ${jenkinsError}`);
  console.log(`[sandbox] phases (ms since start): ${JSON.stringify(timings)}`);
  console.log(
    tofuEnvironments.length
      ? `[sandbox] EKS of ${tofuEnvironments.join(", ")} is created by OpenTofu: Infrastructure → Plan, approve, Apply (until then its overview card says "not created" and links there); the others are seeded`
      : "[sandbox] no OpenTofu toolchain (make toolchain): every environment's EKS cluster is seeded",
  );
  console.log(`[sandbox] portal env written to ${envFile}`);
  console.log(`sandbox ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((err) => {
  console.error(`[sandbox] failed to start: ${(err as Error).message}`);
  process.exit(1);
});
