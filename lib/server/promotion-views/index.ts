import "server-only";
import type { Catalog } from "@/lib/catalog";
// The promotion pages' read models wired to the process's database, catalog, Argo CD and env.
import { findApplication, getCatalog } from "@/lib/catalog";
import type { DbTx } from "@/lib/db";
import { getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { getIntegrations } from "@/lib/integrations";
import { commitUrlFor } from "@/lib/server/overview";
import { slackConfigured } from "@/lib/server/slack/config";
import { getPromotionView as readPromotionView, type Viewer } from "./detail";
import type { FirstCommitLookup } from "./dora";
import { gitFirstCommitLookup, requestedOutOfFirstLookup } from "./first-commit";
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

/** DORA's lead-time start: the tag's first GitOps commit in dev, from git when it is configured. */
export function doraFirstCommitLookup(db: DbTx, catalog: Catalog): FirstCommitLookup {
  const records = requestedOutOfFirstLookup(db, catalog);
  return getEnv().GITOPS_REPO_URL ? gitFirstCommitLookup(getIntegrations().gitops, catalog, records) : records;
}

const holder = globalThis as unknown as { __nuraRequestPreview?: RequestPreviewService };

/** The request page's diff and commits from the GitOps adapter (the exact diff its commit will make). */
function gitPreviewLoader(): GitPreviewLoader | null {
  const env = getEnv();
  if (!env.GITOPS_REPO_URL) return null;
  const commitUrl = commitUrlFor(env.GITOPS_COMMIT_URL);
  return async (q) => {
    const catalog = await getCatalog();
    const application = findApplication(catalog, q.application);
    if (!application) throw new Error(`unknown application ${q.application}`);
    const p = await getIntegrations().gitops.previewPromotion({
      application,
      fromEnvironment: q.fromEnvironment,
      toEnvironment: q.toEnvironment,
      imageTag: q.imageTag,
    });
    return {
      valuesPath: p.valuesPath,
      currentTag: p.currentTag,
      diff: p.unifiedDiff,
      commitsComplete: p.commitsComplete,
      commits: p.commits.map((c) => ({
        sha: c.sha,
        author: c.author,
        date: c.date,
        message: c.message,
        url: commitUrl(c.sha),
      })),
    };
  };
}

export function getRequestPreviewService(): RequestPreviewService {
  if (!holder.__nuraRequestPreview) {
    const { argocd, grafana } = getIntegrations();
    holder.__nuraRequestPreview = createRequestPreviewService({
      catalog: getCatalog,
      argocd,
      grafana,
      git: gitPreviewLoader(),
    });
  }
  return holder.__nuraRequestPreview;
}
