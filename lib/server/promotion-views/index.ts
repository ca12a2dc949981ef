import "server-only";
// The promotion pages' read models wired to the process's database, catalog, Argo CD and env.
import { getCatalog } from "@/lib/catalog";
import { getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { getIntegrations } from "@/lib/integrations";
import { commitUrlFor } from "@/lib/server/overview";
import { slackConfigured } from "@/lib/server/slack/config";
import { getPromotionView as readPromotionView } from "./detail";

export type { PromotionView, TimelineStep } from "./detail";

export async function loadPromotionView(id: string) {
  const env = getEnv();
  const [db, catalog] = await Promise.all([getDb(), getCatalog()]);
  return readPromotionView(id, {
    db,
    catalog,
    commitUrl: commitUrlFor(env.GITOPS_COMMIT_URL),
    argoApp: (name) => getIntegrations().argocd.getApplication(name),
    slackConfigured: slackConfigured(env),
  });
}
