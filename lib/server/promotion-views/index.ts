import "server-only";
// The promotion pages' read models wired to the process's database, catalog, Argo CD and env.
import { getCatalog } from "@/lib/catalog";
import { getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { getIntegrations } from "@/lib/integrations";
import { commitUrlFor } from "@/lib/server/overview";
import { slackConfigured } from "@/lib/server/slack/config";
import { getPromotionView as readPromotionView } from "./detail";
import { createRequestPreviewService, type GitPreviewLoader, type RequestPreviewService } from "./request-preview";

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

const holder = globalThis as unknown as { __nuraRequestPreview?: RequestPreviewService };

/** Set by the git integration once it can compute a values diff and list commits (promotions-engine). */
let gitPreviewLoader: GitPreviewLoader | null = null;
export function setGitPreviewLoader(loader: GitPreviewLoader | null) {
  gitPreviewLoader = loader;
  holder.__nuraRequestPreview?.clear();
}

export function getRequestPreviewService(): RequestPreviewService {
  if (!holder.__nuraRequestPreview) {
    const { argocd, grafana } = getIntegrations();
    let minSoak = new Map<string, number>();
    holder.__nuraRequestPreview = createRequestPreviewService({
      catalog: async () => {
        const c = await getCatalog();
        // minSoakMinutes per environment, when the catalog carries it (absent → no soak required).
        minSoak = new Map(
          c.environments.map((e) => [e.name, Number((e as { minSoakMinutes?: number }).minSoakMinutes ?? 0)]),
        );
        return c;
      },
      argocd,
      grafana,
      get git() {
        return gitPreviewLoader;
      },
      minSoakMinutes: (env) => minSoak.get(env) ?? 0,
    });
  }
  return holder.__nuraRequestPreview;
}
