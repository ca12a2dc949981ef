// Approve → commit pushed (issue 10: p95 ≤ 500 ms): from the final approval's answer (the service
// call and the detail read POST /api/promotions/{id}/approve answers with) until the promotion's
// commit is on the GitOps remote — the approval's transaction enqueues the executor on the
// PostgreSQL job queue (pg-boss, the portal's own options), a worker takes it, the executor takes
// the lease, checks the gate (soak: an Argo CD read), commits and pushes with real git. The remote
// is the sandbox world's bare repository and Argo CD its emulator over HTTP; only Grafana is a stub
// with healthy samples (the verification after the push is not measured, it just ends the promotion
// so the next one may start: one in flight per application × environment).
// Each promotion: Jenkins deploys a new nura-core tag to dev (a commit; dev auto-syncs), a
// developer requests dev → staging, an approver gives the one approval staging needs.
//   scripts/test/with-postgres.sh node --conditions=react-server --import tsx \
//     bench/promotions-approve-to-pushed/run.ts [runs=5] [promotions=20] [--write]
//   (make bench-promotions-approve-to-pushed)
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { parseCatalog } from "@/lib/catalog";
import { pgConfigFromUrl } from "@/lib/db-adapter";
import type { Principal } from "@/lib/domain/roles";
import { parseEnv } from "@/lib/env";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { buildIntegrations } from "@/lib/integrations";
import type { GrafanaApi } from "@/lib/integrations/grafana/api";
import { createAuditedAction } from "@/lib/server/audit/audited-action";
import { recordAudit } from "@/lib/server/audit/record";
import { installJobQueue, JobQueue } from "@/lib/server/jobs";
import { getPromotionDetail } from "@/lib/server/promotions/read";
import { registerPromotionJobs } from "@/lib/server/promotions/register";
import { approvePromotion, requestPromotion, type UserCaller } from "@/lib/server/promotions/service";
import { wirePromotions } from "@/lib/server/promotions/wiring";
import { startWorld } from "@/sandbox/world";
import { skippedSlackNotifier } from "@/tests/promotions/support";
import { cloneGitops, commitTag } from "@/tests/sandbox/helpers";
import { loadAverage, machine, median, percentile, writeSection } from "../lib/results-section";

const REFERENCE_P95_MS = 500;
const args = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const RUNS = Number(args[0] ?? 5);
const PER_RUN = Number(args[1] ?? 20);
const root = join(import.meta.dirname, "..", "..");
const url = process.env.DATABASE_URL;
if (!url) throw new Error("DATABASE_URL is unset: run under scripts/test/with-postgres.sh");

// The world: git remote + Argo CD emulator, fast rollouts (what follows the push is not measured).
// Where the GitOps remote and the working copy live (default the temp dir, on disk). BENCH_GIT_DIR=/dev/shm
// puts both in memory: the A/B that tells git's file-system waits apart from the rest.
const gitDir = process.env.BENCH_GIT_DIR ?? tmpdir();
const worldDir = mkdtempSync(join(gitDir, "nura-bench-world-"));
const world = await startWorld({
  dataDir: worldDir,
  services: [],
  // The controller polls the repository every 500 ms (real Argo CD: minutes, or a webhook): less git beside the measured one.
  timing: { pollMs: 500, autoSyncDelayMs: 100, syncDelayMs: 100, healthDelayMs: 100 },
});
const catalog = parseCatalog(readFileSync(join(root, "config", "catalog.yaml"), "utf8"));
const staging = catalog.environments.find((e) => e.name === "staging")!;
// No soak, no freeze, a verification that concludes at once: the next promotion may follow.
Object.assign(staging, { minSoakMinutes: 0, freezeWindows: [] });
staging.verification = { ...staging.verification, windowMinutes: 0 };
const cache = mkdtempSync(join(gitDir, "nura-bench-a2p-"));
const env = parseEnv({ ...world.env, DATABASE_URL: url, GITOPS_CACHE_DIR: cache, UPSTREAM_TIMEOUT_MS: "10000" });
const integrations = buildIntegrations(env);
const db = new PrismaClient({ adapter: new PrismaPg(pgConfigFromUrl(url)) });
const healthy: Pick<GrafanaApi, "queryRange"> = {
  async queryRange(queries) {
    const now = Date.now();
    const value = (refId: string) => (refId === "errorRatio" ? 0.001 : 0.1);
    return Object.fromEntries(
      queries.map((q) => [q.refId, [{ labels: {}, points: [[now, value(q.refId)] as [number, number]] }]]),
    );
  },
};
const wired = wirePromotions({
  db,
  catalog: async () => catalog,
  argocd: integrations.argocd,
  grafana: healthy,
  git: integrations.gitops,
  notify: skippedSlackNotifier,
  audited: createAuditedAction({
    write: (e) => db.$transaction((tx) => recordAudit(tx, e)),
    logLost: (e, err) => console.error("lost audit event", e, err),
  }),
  timing: { pollMs: 100 },
});
const { service } = wired;
registerPromotionJobs(async () => wired);
// The portal's queue options (lib/server/jobs getJobQueue): NOTIFY wakes the worker, 2 s poll backstop.
const queue = await JobQueue.open({ kind: "postgres", url }, { onError: (err) => console.error(err) });
installJobQueue(queue);
await queue.startWorkers();

async function person(name: string, grants: Principal["grants"]): Promise<UserCaller> {
  const u = await db.user.create({
    data: {
      email: `${name}-${crypto.randomUUID().slice(0, 8)}@bench.example`,
      name,
      source: "sandbox",
      roles: { create: grants.map((g) => ({ role: g.role, environment: g.environment })) },
    },
  });
  const principal: Principal = { id: u.id, email: u.email, name, grants };
  return {
    kind: "user",
    principal,
    actor: { id: u.id, email: u.email, role: grants[0]!.role, ip: "127.0.0.1", userAgent: "bench" },
    correlationId: crypto.randomUUID(),
  };
}
const developer = await person("Dana", [{ role: "developer", environment: null }]);
const approver = await person("Ana", [{ role: "approver", environment: null }]);

const bare = world.env.GITOPS_REPO_URL!;
/** The remote's main, read straight from the bare repository (git updates the loose ref on push). */
function remoteHead(): string {
  try {
    return readFileSync(join(bare, "refs", "heads", "main"), "utf8").trim();
  } catch {
    return execFileSync("git", ["--git-dir", bare, "rev-parse", "refs/heads/main"], { encoding: "utf8" }).trim();
  }
}
async function until<T>(what: string, check: () => T | false | Promise<T | false>, timeoutMs: number, everyMs: number) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

const jenkins = cloneGitops(bare);
async function devRuns(tag: string) {
  commitTag(jenkins, "helm/nura-core/values-dev.yaml", tag, `ci(nura-core): ${tag} to dev`);
  await until(
    `dev to run ${tag}`,
    async () => {
      // Not measured: a reset connection to the emulator under load is just another look later.
      const a = await integrations.argocd.getApplication("nura-core-dev").catch(() => null);
      return a?.imageTag === tag && a.health === "Healthy";
    },
    60_000,
    50,
  );
}

interface Sample {
  tag: string;
  fromAnswerMs: number;
  /** answer → a pg-boss worker started the job (pgboss.job.started_on; negative: before the answer). */
  pickupMs: number;
  /** Failed attempts of the executor job before the one that pushed (a retry waits ≥ 2 s). */
  retries: number;
  fromRequestMs: number;
  /** Where the time went (from the audit trail's times): answer → the executor passed the gate, → git started, → pushed. */
  toGateMs: number;
  gateToGitMs: number;
  gitMs: number;
}

async function onePromotion(tag: string): Promise<Sample> {
  await devRuns(tag);
  const p = await requestPromotion(service, developer, { application: "nura-core", toEnvironment: "staging" });
  const before = remoteHead();
  const asked = performance.now();
  // What the route does: the service step, then the detail it answers with.
  const row = await approvePromotion(service, approver, p.id, {});
  await getPromotionDetail(db, row.id);
  const answered = performance.now();
  const answeredAt = Date.now();
  const head = await until("the commit on the remote", () => remoteHead() !== before && remoteHead(), 60_000, 1);
  const pushed = performance.now();
  const pushedAt = answeredAt + (pushed - answered);
  const message = execFileSync("git", ["--git-dir", bare, "log", "-1", "--format=%B", head], { encoding: "utf8" });
  if (!message.includes(`Promotion-Id: ${p.id}`)) throw new Error(`the remote moved by another commit: ${message}`);
  const done = await until(
    `promotion ${p.id} to finish`,
    async () => {
      const r = await db.promotion.findUnique({ where: { id: p.id }, select: { status: true, failureReason: true } });
      return r && ["succeeded", "failed", "rolled_back"].includes(r.status) ? r : false;
    },
    60_000,
    20,
  );
  if (done.status !== "succeeded") throw new Error(`promotion ${p.id} ${done.status}: ${done.failureReason}`);
  const trail = await db.auditEvent.findMany({
    where: {
      targetType: "promotion",
      targetId: p.id,
      action: { in: ["promotion.commit_started", "promotion.git_push"] },
    },
    orderBy: { seq: "asc" },
    select: { action: true, occurredAt: true },
  });
  const at = (action: string) => trail.find((e) => e.action === action)?.occurredAt.getTime() ?? Number.NaN;
  // The first executor job of this promotion (singletonKey = its id): when a worker started it.
  const [job] = await db.$queryRawUnsafe<{ started_on: Date | null; retry_count: number }[]>(
    "SELECT started_on, retry_count FROM pgboss.job WHERE name = 'promotion.execute' AND singleton_key = $1 ORDER BY created_on LIMIT 1",
    p.id,
  );
  const gate = at("promotion.commit_started");
  const git = at("promotion.git_push"); // its intent, recorded just before the git call
  return {
    tag,
    fromAnswerMs: pushed - answered,
    pickupMs: (job?.started_on?.getTime() ?? Number.NaN) - answeredAt,
    retries: job?.retry_count ?? Number.NaN,
    fromRequestMs: pushed - asked,
    toGateMs: gate - answeredAt,
    gateToGitMs: git - gate,
    gitMs: pushedAt - git,
  };
}

interface RunStats {
  p50: number;
  p95: number;
  max: number;
  fromRequestP95: number;
  toGateP50: number;
  gateToGitP50: number;
  gitP50: number;
  load: string;
}
const all: number[] = [];
const slow: Sample[] = [];
const runs: RunStats[] = [];
const stamp = Date.now().toString(36);
const load0 = loadAverage();
await onePromotion(`5.0.0-warm${stamp}`); // the working copy's clone and the first connections
for (let r = 0; r < RUNS; r++) {
  const samples: Sample[] = [];
  for (let i = 0; i < PER_RUN; i++) samples.push(await onePromotion(`5.${r + 1}.${i}-${stamp}`));
  const a = samples.map((s) => s.fromAnswerMs).sort((x, y) => x - y);
  const q = samples.map((s) => s.fromRequestMs).sort((x, y) => x - y);
  const p50Of = (pick: (s: Sample) => number) =>
    percentile(
      samples.map(pick).sort((x, y) => x - y),
      50,
    );
  all.push(...a);
  const s = {
    p50: percentile(a, 50),
    p95: percentile(a, 95),
    max: a.at(-1)!,
    fromRequestP95: percentile(q, 95),
    toGateP50: p50Of((x) => x.toGateMs),
    gateToGitP50: p50Of((x) => x.gateToGitMs),
    gitP50: p50Of((x) => x.gitMs),
    load: loadAverage(),
  };
  runs.push(s);
  // Where a slow one spent its time: the p50 split hides the tail.
  for (const x of samples.filter((x) => x.fromAnswerMs > REFERENCE_P95_MS)) {
    slow.push(x);
    console.log(
      `  slow ${x.tag}: ${x.fromAnswerMs.toFixed(0)} ms = queue pickup ${x.pickupMs.toFixed(0)} → gate ${x.toGateMs.toFixed(0)} · gate → git ${x.gateToGitMs.toFixed(0)} · git ${x.gitMs.toFixed(0)} ms · job retries ${x.retries}`,
    );
  }
  console.log(
    `run ${r + 1}/${RUNS}: answer → pushed p50 ${s.p50.toFixed(0)} ms, p95 ${s.p95.toFixed(0)} ms, max ${s.max.toFixed(0)} ms · request → pushed p95 ${s.fromRequestP95.toFixed(0)} ms · p50 split: to gate ${s.toGateP50.toFixed(0)} / gate → git ${s.gateToGitP50.toFixed(0)} / git ${s.gitP50.toFixed(0)} ms · load ${s.load}`,
  );
}
await queue.stop(5000);
await world.stop();
await db.$disconnect();
rmSync(cache, { recursive: true, force: true });
rmSync(worldDir, { recursive: true, force: true });
rmSync(jenkins, { recursive: true, force: true });

all.sort((x, y) => x - y);
const ms = (v: number) => `${v.toFixed(0)} ms`;
const stat = (pick: (s: RunStats) => number) => {
  const v = runs.map(pick);
  return `${ms(median(v))} (min ${ms(Math.min(...v))}, max ${ms(Math.max(...v))})`;
};
const pooled = percentile(all, 95);
/** The promotions over the reference: how many, and which part of the path held them up. */
function slowSummary(): string {
  if (slow.length === 0) return `No promotion took longer than ${REFERENCE_P95_MS} ms.`;
  const worst = slow.reduce((a, b) => (b.fromAnswerMs > a.fromAnswerMs ? b : a));
  const inGit = slow.filter((x) => x.gitMs >= x.fromAnswerMs / 2).length;
  const retried = slow.filter((x) => x.retries > 0).length;
  return [
    `${slow.length} of ${all.length} promotions took longer than ${REFERENCE_P95_MS} ms: in ${inGit} of them the git call was most of it,`,
    `${retried} had a retried executor job. Slowest: ${ms(worst.fromAnswerMs)} = queue pickup ${ms(worst.pickupMs)}, to the gate ${ms(worst.toGateMs)},`,
    `gate → git ${ms(worst.gateToGitMs)}, git ${ms(worst.gitMs)} (pickup is from the answer: negative when the worker took the job before the route answered).`,
  ].join("\n");
}
const verdict = pooled <= REFERENCE_P95_MS ? "PASS" : "FAIL";
const section = `## Promotion: approve → commit pushed (bench/promotions-approve-to-pushed)

From the final approval's answer (approvePromotion + the detail read the route answers with) until the commit is on
the GitOps remote: the job queue (pg-boss on PostgreSQL, the portal's options), the executor (lease, gate, commit,
push) and real git on the sandbox world's bare repository; Argo CD is the world's emulator over HTTP, Grafana a stub.
${RUNS} runs × ${PER_RUN} promotions of nura-core dev → staging (one approval), after one warm-up promotion.
Machine: ${machine()}; load average (1 min) before: ${load0}, after each run: ${runs.map((s) => s.load).join(", ")}.

| measure | median of runs (min, max) | reference |
| --- | --- | --- |
| answer → pushed p50 | ${stat((s) => s.p50)} | |
| answer → pushed p95 | ${stat((s) => s.p95)} | ≤ ${REFERENCE_P95_MS} ms |
| answer → pushed max | ${stat((s) => s.max)} | |
| approve request → pushed p95 (incl. the approval itself) | ${stat((s) => s.fromRequestP95)} | |
| p50 split: answer → executor past the gate (queue pickup, lease, soak read) | ${stat((s) => s.toGateP50)} | |
| p50 split: gate → git call (commit_started written, intent recorded) | ${stat((s) => s.gateToGitP50)} | |
| p50 split: git call → on the remote (fetch, checks, commit, push) | ${stat((s) => s.gitP50)} | |

${slowSummary()}

p95 over all ${all.length} promotions: **${ms(pooled)}** (min ${ms(all[0]!)}, max ${ms(all.at(-1)!)}) vs the reference ≤ ${REFERENCE_P95_MS} ms: **${verdict}**.

Reproduce: \`make bench-promotions-approve-to-pushed\` (= \`scripts/test/with-postgres.sh node --conditions=react-server --import tsx bench/promotions-approve-to-pushed/run.ts ${RUNS} ${PER_RUN} --write\`)
`;
console.log(`\n${section}`);
if (process.argv.includes("--write")) writeSection(join(root, "bench", "RESULTS.md"), section.split("\n")[0]!, section);
process.exit(0);
