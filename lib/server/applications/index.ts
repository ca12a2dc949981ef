import "server-only";
// The application services wired to the real adapters, catalog, audit log and metrics.
import { authorize } from "@/lib/auth/session";
import { getCatalog } from "@/lib/catalog";
import { getDb } from "@/lib/db";
import { argoAccountOf } from "@/lib/domain/initiator-credit";
import { getEnv } from "@/lib/env";
import { getIntegrations } from "@/lib/integrations";
import { logger } from "@/lib/log";
import { countBusinessEvent } from "@/lib/metrics";
import { auditedAction } from "@/lib/server/audit";
import { type ActionDeps, type ActionInput, runArgoAction } from "./actions";
import { createDetailService, type DetailService } from "./detail";
import { enqueueOperationWatch } from "./jobs";
import { recentPortalSyncs } from "./portal-syncs";
import type { ResourceViewDeps } from "./resource-view";
import { createRevisionCache } from "./revision-info";

export type { ApplicationDetail, ArgoActionResult } from "./types";

const holder = globalThis as unknown as { __nuraAppDetail?: DetailService };

export function getDetailService(): DetailService {
  holder.__nuraAppDetail ??= createDetailService({
    integrations: getIntegrations(),
    catalog: getCatalog,
    commitUrlTemplate: getEnv().GITOPS_COMMIT_URL ?? null,
    portalAccount: argoAccountOf(getEnv().ARGOCD_TOKEN),
    portalSyncs: async (app, env) => recentPortalSyncs(await getDb(), app, env),
    revisions: createRevisionCache((app, env, shas) => getIntegrations().gitops.describeRevisions(app, env, shas))
      .lookup,
  });
  return holder.__nuraAppDetail;
}

export function actionDeps(): ActionDeps {
  return {
    argocd: getIntegrations().argocd,
    catalog: getCatalog,
    authorize,
    auditedAction,
    countEvent: countBusinessEvent,
    // The operation already runs in Argo CD: a queue that cannot take the watch must not turn
    // the answer into an error (the started event is on record); it is logged for the operator.
    watchOperation: (watch) =>
      enqueueOperationWatch(watch).catch((err) =>
        logger.error({ err, watch }, "operation outcome watch could not be queued; its outcome will not be audited"),
      ),
  };
}

export function resourceViewDeps(): ResourceViewDeps {
  return { argocd: getIntegrations().argocd, catalog: getCatalog };
}

export function syncOrRefresh(input: ActionInput) {
  return runArgoAction(actionDeps(), input);
}
