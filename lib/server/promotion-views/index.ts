import "server-only";
// The promotion pages' read models wired to the process's database, catalog, Argo CD and env.
import { getCatalog } from "@/lib/catalog";
import { getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { getIntegrations } from "@/lib/integrations";
import { commitUrlFor } from "@/lib/server/overview";
import { slackConfigured } from "@/lib/server/slack/config";
import { getPromotionView as readPromotionView, type Viewer } from "./detail";
import { createRequestPreviewService, type GitPreviewLoader, type RequestPreviewService } from "./request-preview";

export type { PromotionView, TimelineStep } from "./detail";

export async function loadPromotionView(id: string, viewer: Viewer) {
  const env = getEnv();
  const [db, catalog] = await Promise.all([getDb(), getCatalog()]);
  return readPromotionView(id, viewer, {
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
    holder.__nuraRequestPreview = createRequestPreviewService({
      catalog: getCatalog,
      argocd,
      grafana,
      get git() {
        return gitPreviewLoader;
      },
    });
  }
  return holder.__nuraRequestPreview;
}
