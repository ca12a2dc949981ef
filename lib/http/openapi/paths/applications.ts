// /api/applications/{app}/{env}[/sync|/refresh] in the OpenAPI document.
import {
  appEnvParamsSchema,
  applicationDetailSchema,
  argoActionBodySchema,
  argoActionResultSchema,
  confirmBodySchema,
  detailQuerySchema,
  logsQuerySchema,
  logsSchema,
  resourceQuerySchema,
  resourceViewSchema,
  rollbackBodySchema,
  syncBodySchema,
} from "@/lib/server/applications/api-schemas";
import { registerRoute } from "../registry";

registerRoute({
  method: "get",
  path: "/api/applications/{app}/{env}",
  summary: "One application in one environment: Argo CD state, resources, pods, events, key metrics",
  tags: ["applications"],
  access: "portal.view",
  params: appEnvParamsSchema,
  query: detailQuerySchema,
  responses: { 200: { description: "The application page's live data", schema: applicationDetailSchema } },
});

registerRoute({
  method: "get",
  path: "/api/applications/{app}/{env}/resource",
  summary: "One resource of the application: desired and live manifests, their diff, its events",
  tags: ["applications"],
  access: "portal.view",
  params: appEnvParamsSchema,
  query: resourceQuerySchema,
  responses: { 200: { description: "The resource as Argo CD sees it", schema: resourceViewSchema } },
  upstream: true,
});

registerRoute({
  method: "get",
  path: "/api/applications/{app}/{env}/logs",
  summary: "The last lines of one pod's log (ask again with since to follow it)",
  tags: ["applications"],
  access: "portal.view",
  params: appEnvParamsSchema,
  query: logsQuerySchema,
  responses: { 200: { description: "Log lines, oldest first", schema: logsSchema } },
  upstream: true,
});

const ACTIONS = [
  {
    action: "sync",
    summary: "Start an Argo CD sync (all or selected resources, optionally prune or dry run)",
    access: "argocd.sync",
    body: syncBodySchema,
    audit: ["argocd.sync_started"],
  },
  {
    action: "refresh",
    summary: "Ask Argo CD to refresh (re-read git and the cluster)",
    access: "argocd.refresh",
    body: argoActionBodySchema,
    audit: ["argocd.refresh"],
  },
  {
    action: "rollback",
    summary: "Redeploy the revision of one Argo CD history entry",
    access: "argocd.sync",
    body: rollbackBodySchema,
    audit: ["argocd.rollback_started"],
  },
  {
    action: "terminate",
    summary: "Terminate the running Argo CD operation",
    access: "argocd.sync",
    body: confirmBodySchema,
    audit: ["argocd.terminate"],
  },
] as const;

for (const a of ACTIONS) {
  registerRoute({
    method: "post",
    path: `/api/applications/{app}/{env}/${a.action}`,
    summary: a.summary,
    description:
      "The audit intent is committed before Argo CD is called and the outcome after; a refused role is audited as denied. " +
      "A sync or rollback answers once Argo CD accepted it (outcome started, event argocd.<action>_started); " +
      "its real outcome is audited as argocd.<action> when the operation ends.",
    tags: ["applications"],
    access: a.access,
    params: appEnvParamsSchema,
    body: a.body,
    responses: {
      200: { description: "Argo CD accepted the request", schema: argoActionResultSchema },
      409: { description: "Argo CD refused (e.g. another operation is in progress, no such history entry)" },
    },
    audit: [...a.audit],
    upstream: true,
  });
}
