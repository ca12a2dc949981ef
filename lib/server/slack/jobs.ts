import "server-only";
// Registers the "slack.deliver" job on the portal's queue (imported from lib/server/jobs/handlers.ts).
import { getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { getIntegrations } from "@/lib/integrations";
import { logger } from "@/lib/log";
import { enqueueJob } from "@/lib/server/jobs";
import { commitUrlFor } from "@/lib/server/overview";
import { registerSlackDelivery } from "./register";

registerSlackDelivery(async () => {
  const env = getEnv();
  const db = await getDb();
  return {
    db,
    slack: getIntegrations().slack,
    links: { portalUrl: env.PORTAL_URL, commitUrl: commitUrlFor(env.GITOPS_COMMIT_URL) },
    deliverLater: (id, afterSeconds) =>
      enqueueJob(db, "slack.deliver", { outboxId: id }, { startAfterSeconds: afterSeconds }),
    log: logger,
  };
});
