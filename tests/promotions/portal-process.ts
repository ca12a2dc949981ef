// A portal process for the multi-process promotion tests, started as a child by the test: the job
// queue's workers on DATABASE_URL running the promotion executor, wired as lib/server/promotions/deps.ts
// wires it in every portal pod — the catalog, database and adapters the environment names, the audit
// log, the Slack outbox — and no web server. (deps.ts itself loads the session module, which needs
// Next's runtime, so its few lines of wiring are repeated here.)
// The test gives each process its own GITOPS_CACHE_DIR, as separate pods have, so two of them push
// to the GitOps remote from two working copies; it SIGKILLs one to play a crashed pod.
//   node --conditions=react-server --import tsx tests/promotions/portal-process.ts
import { getCatalog } from "@/lib/catalog";
import { getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { getIntegrations } from "@/lib/integrations";
import { logger } from "@/lib/log";
import { createAuditedAction } from "@/lib/server/audit/audited-action";
import { recordAudit } from "@/lib/server/audit/record";
import { installJobQueue, JobQueue } from "@/lib/server/jobs";
import { registerPromotionJobs } from "@/lib/server/promotions/register";
import { wirePromotions } from "@/lib/server/promotions/wiring";
import { queueSlackMessage } from "@/lib/server/slack";
import "@/lib/server/slack/jobs";

const db = await getDb();
const integrations = getIntegrations();
const wired = wirePromotions({
  db,
  catalog: getCatalog,
  argocd: integrations.argocd,
  grafana: integrations.grafana,
  git: integrations.gitops,
  notify: async (tx, event, promotion) => {
    await queueSlackMessage(tx as Parameters<typeof queueSlackMessage>[0], { kind: "promotion", event, promotion });
  },
  audited: createAuditedAction({
    write: (event) => db.$transaction((tx) => recordAudit(tx, event)),
    logLost: (event, err) => logger.error({ auditEvent: event, err }, "audit event could not be written"),
  }),
});
registerPromotionJobs(async () => wired);
const queue = await JobQueue.open(
  { kind: "postgres", url: getEnv().DATABASE_URL! },
  { instanceName: `portal-test-${process.pid}` },
);
installJobQueue(queue);
console.log(`ready ${process.pid}`);
// The test may hold the workers back until every process is up ("go" on stdin), so that they all
// reach for the same queued jobs at once.
if (process.env.WORKERS_ON_STDIN === "1") {
  await new Promise<void>((resolve) => process.stdin.once("data", () => resolve()));
}
await queue.startWorkers();
console.log(`working ${process.pid}`);
