// A portal process for the multi-process promotion tests, started as a child by the test: the job
// queue's workers on DATABASE_URL running the promotion and Slack jobs with the portal's own wiring
// (lib/server/promotions/deps.ts, as every portal pod has it: the catalog, database and adapters the
// environment names, the audit log, the Slack outbox) and no web server.
// The test gives each process its own GITOPS_CACHE_DIR, as separate pods have, so two of them push
// to the GitOps remote from two working copies; it SIGKILLs one to play a crashed pod.
//   node --conditions=react-server --import tsx tests/promotions/portal-process.ts
import { getEnv } from "@/lib/env";
import { installJobQueue, JobQueue } from "@/lib/server/jobs";
// The job modules of lib/server/jobs/handlers.ts that promotions need, registered before the queue opens.
import "@/lib/server/promotions/jobs";
import "@/lib/server/slack/jobs";

const queue = await JobQueue.open(
  { kind: "postgres", url: getEnv().DATABASE_URL! },
  { instanceName: `portal-test-${process.pid}` },
);
// The process's queue, before any job runs: deps.ts's getJobQueue() then returns this one.
installJobQueue(queue);
console.log(`ready ${process.pid}`);
// The test may hold the workers back until every process is up ("go" on stdin), so that they all
// reach for the same queued jobs at once.
if (process.env.WORKERS_ON_STDIN === "1") {
  await new Promise<void>((resolve) => process.stdin.once("data", () => resolve()));
}
await queue.startWorkers();
console.log(`working ${process.pid}`);
