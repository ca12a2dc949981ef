// A stand-alone "portal process" for the job queue tests: opens the queue on DATABASE_URL, works
// the test jobs, and prints a line per job it starts. The tests SIGKILL it mid-job.
import { z } from "zod";
import { JobQueue } from "@/lib/server/jobs/queue";
import { registerJob } from "@/lib/server/jobs/registry";

registerJob(
  "test.hang",
  z.object({ n: z.number() }),
  async ({ n }, ctx) => {
    console.log(`started ${n} attempt ${ctx.attempt}`);
    await new Promise(() => {}); // never finishes: the test kills this process
  },
  { heartbeatSeconds: 10, retryDelaySeconds: 1 },
);

const queue = await JobQueue.open(
  { kind: "postgres", url: process.env.DATABASE_URL! },
  { pollingIntervalSeconds: 0.5, instanceName: "doomed" },
);
await queue.startWorkers();
console.log("ready");
