// A promotion world for integration tests: the sandbox (Argo CD emulator, real git, real
// Prometheus behind the Grafana emulator), the throwaway PostgreSQL, the portal's job queue with
// the promotion executor registered, and people with roles.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseDocument } from "yaml";
import { parseCatalog } from "@/lib/catalog";
import type { Principal } from "@/lib/domain/roles";
import { parseEnv } from "@/lib/env";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { buildIntegrations } from "@/lib/integrations";
import { createAuditedAction } from "@/lib/server/audit/audited-action";
import { recordAudit } from "@/lib/server/audit/record";
import { installJobQueue } from "@/lib/server/jobs";
import { JobQueue } from "@/lib/server/jobs/queue";
import type { Notifier } from "@/lib/server/promotions/notify";
import type { ExecutorDeps } from "@/lib/server/promotions/ports";
import { registerPromotionJobs } from "@/lib/server/promotions/register";
import type { Caller, ServiceDeps, UserCaller } from "@/lib/server/promotions/service";
import { wirePromotions } from "@/lib/server/promotions/wiring";
import { startWorld, type World } from "@/sandbox/world";
import { databaseUrl } from "../audit/support";

/** The repository catalog with short verification windows and no soak, so a test finishes in minutes. */
export function testCatalogPath(): string {
  const raw = parseDocument(readFileSync("config/catalog.yaml", "utf8")).toJS() as {
    environments: Record<string, unknown>[];
  };
  for (const e of raw.environments) {
    e.minSoakMinutes = 0;
    e.verification = { windowMinutes: 1, maxErrorRatio: 0.05, maxP95Ms: 1000 };
    delete e.freezeWindows;
  }
  const dir = mkdtempSync(join(tmpdir(), "nura-promo-catalog-"));
  const path = join(dir, "catalog.yaml");
  writeFileSync(path, JSON.stringify(raw));
  parseCatalog(readFileSync(path, "utf8"), path);
  return path;
}

export const person = (name: string, grants: Principal["grants"]): Principal => {
  const id = crypto.randomUUID();
  return { id, email: `${name.toLowerCase()}.${id.slice(0, 8)}@nura.example`, name, grants };
};

/**
 * Writes people and their grants to the user directory: the rules count an approval only while its
 * approver holds the role there (re-read at every step), so an approver must exist in it.
 */
export async function saveUsers(db: PrismaClient, ...people: Principal[]): Promise<void> {
  for (const p of people) {
    await db.user.create({
      data: {
        id: p.id,
        email: p.email,
        name: p.name,
        source: "sandbox",
        roles: { create: p.grants.map((g) => ({ role: g.role, environment: g.environment })) },
      },
    });
  }
}

export function asUser(principal: Principal): UserCaller {
  return {
    kind: "user",
    principal,
    actor: {
      id: principal.id,
      email: principal.email,
      role: principal.grants[0]?.role ?? null,
      ip: "127.0.0.1",
      userAgent: "vitest",
    },
    correlationId: crypto.randomUUID(),
  };
}

/**
 * The Slack side of a promotion world: each message is an outbox row (its kind and snapshot, so a test
 * can read what Slack would hear) marked skipped, with no delivery job. Also the approve → pushed bench's.
 */
export const skippedSlackNotifier: Notifier = async (tx, event, promotion) => {
  await tx.slackOutbox.create({
    data: {
      kind: `promotion.${event}`,
      targetType: "promotion",
      targetId: promotion.id,
      payload: promotion as never,
      status: "skipped",
    },
  });
};

export type PromotionWorld = {
  world: World;
  /** The test catalog (short verification window, no soak): CATALOG_PATH for a portal child process. */
  catalogPath: string;
  service: ServiceDeps;
  executor: ExecutorDeps;
  queue: JobQueue;
  stop(): Promise<void>;
};

export async function startPromotionWorld(db: PrismaClient, opts: { workers?: boolean } = {}): Promise<PromotionWorld> {
  const world = await startWorld({
    services: ["prometheus"],
    prometheusScrapeSeconds: 1,
    timing: { pollMs: 300, autoSyncDelayMs: 300, syncDelayMs: 500, healthDelayMs: 1000 },
  });
  const catalogPath = testCatalogPath();
  const cache = mkdtempSync(join(tmpdir(), "nura-promo-gitops-"));
  const env = parseEnv({
    ...world.env,
    DATABASE_URL: databaseUrl(),
    CATALOG_PATH: catalogPath,
    GITOPS_CACHE_DIR: cache,
    UPSTREAM_TIMEOUT_MS: "5000",
  });
  const integrations = buildIntegrations(env);
  const catalog = parseCatalog(readFileSync(catalogPath, "utf8"), catalogPath);
  const { service, executor, hooks } = wirePromotions({
    db,
    catalog: async () => catalog,
    argocd: integrations.argocd,
    grafana: integrations.grafana,
    git: integrations.gitops,
    notify: skippedSlackNotifier,
    audited: createAuditedAction({
      write: (e) => db.$transaction((tx) => recordAudit(tx, e)),
      logLost: (e, err) => console.error("lost audit event", e, err),
      retryDelaysMs: [50],
    }),
    timing: { pollMs: 300, syncTimeoutMs: 60_000 },
  });
  registerPromotionJobs(async () => ({ executor, hooks, service }));
  const queue = await JobQueue.open(
    { kind: "postgres", url: databaseUrl() },
    { pollingIntervalSeconds: 0.5, instanceName: "test" },
  );
  installJobQueue(queue);
  if (opts.workers !== false) await queue.startWorkers();
  return {
    world,
    catalogPath,
    service,
    executor,
    queue,
    async stop() {
      await queue.stop(2000);
      await world.stop();
    },
  };
}

export function gitLog(world: World, args: string[] = []): string {
  return execFileSync("git", ["--git-dir", world.env.GITOPS_REPO_URL!, "log", "main", ...args]).toString();
}

export type { Caller };
