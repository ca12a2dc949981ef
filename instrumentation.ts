// Runs once when the server starts: bad configuration stops the process with a message
// naming the key, instead of failing on the first request that happens to read it.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    // Before the first request: methods Next cannot represent would otherwise be a 500 (lib/http/refused-methods.ts).
    const { Server } = await import("node:http");
    const { installRefusedMethods } = await import("./lib/http/refused-methods");
    installRefusedMethods(Server);
    const { checkConfigurationOrExit } = await import("./lib/server/ops/startup-check");
    checkConfigurationOrExit();
    // Background work (lib/server/jobs): every portal process works the one queue.
    const { getEnv } = await import("./lib/env");
    if (getEnv().JOB_WORKERS && process.env.NEXT_PHASE !== "phase-production-build") {
      const { startJobWorkers } = await import("./lib/server/jobs");
      await startJobWorkers();
      // Drift checks: one scheduled plan per environment (INFRA_DRIFT_INTERVAL_MINUTES, 0 = off).
      const { scheduleDriftPlans } = await import("./lib/server/infra/jobs");
      const { getCatalog } = await import("./lib/catalog");
      await scheduleDriftPlans((await getCatalog()).environments.map((e) => e.name));
    }
  }
}
