// Support for the infra-run integration tests: a sandbox Jenkins running the fixture jobs, deps for
// lib/server/infra on the throwaway PostgreSQL, principals with roles, and run polling.
import { loadCatalog } from "@/lib/catalog";
import type { Principal, Role } from "@/lib/domain/roles";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { JenkinsApi } from "@/lib/integrations/jenkins/api";
import { createJenkinsClient } from "@/lib/integrations/jenkins/client";
import { syncRun } from "@/lib/server/infra/tracker";
import type { Caller, InfraConfig, InfraDeps } from "@/lib/server/infra/types";
import type { World } from "@/sandbox/world";

export const FIXTURE_JOBS = "tests/infrastructure/fixtures/jobs.yaml";

export function jenkinsOf(world: World, timeoutMs = 5000): JenkinsApi {
  return createJenkinsClient({
    baseUrl: world.env.JENKINS_URL!,
    user: world.env.JENKINS_USER!,
    token: world.env.JENKINS_TOKEN!,
    timeoutMs,
  });
}

export function depsFor(db: PrismaClient, jenkins: JenkinsApi, config: Partial<InfraConfig> = {}): InfraDeps {
  const catalog = loadCatalog("config/catalog.yaml");
  return {
    db,
    jenkins,
    catalog: async () => catalog,
    config: {
      planJob: "fixture-infra-plan",
      applyJob: "fixture-infra-apply",
      planTtlMinutes: 60,
      lockTtlSeconds: 60,
      runTimeoutMinutes: 10,
      ...config,
    },
  };
}

export function caller(name: string, grants: [Role, string | null][]): Caller & { principal: Principal } {
  const principal: Principal = {
    id: crypto.randomUUID(),
    email: `${name.split(" ")[0]!.toLowerCase()}@nura.example`,
    name,
    grants: grants.map(([role, environment]) => ({ role, environment })),
  };
  return {
    principal,
    actor: {
      id: principal.id,
      email: principal.email,
      role: grants[0]?.[0] ?? null,
      ip: "127.0.0.1",
      userAgent: "vitest",
    },
    correlationId: null,
  };
}

/** Drives the tracker (as the job queue would) until the run ends. */
export async function trackToEnd(deps: InfraDeps, runId: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await syncRun(deps, runId);
    if (run.status === "succeeded" || run.status === "failed" || run.status === "aborted") return run;
    if (Date.now() > deadline) throw new Error(`run ${runId} still ${run.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

export async function auditOf(db: PrismaClient, runId: string) {
  return db.$queryRaw<{ action: string; outcome: string; details: Record<string, unknown> }[]>`
    SELECT action, outcome, details FROM audit_event WHERE target_id = ${runId} ORDER BY seq`;
}
