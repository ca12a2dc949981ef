// /api/applications/{app}/{env}[/sync|/refresh] in the OpenAPI document.
import {
  appEnvParamsSchema,
  applicationDetailSchema,
  argoActionBodySchema,
  argoActionResultSchema,
  detailQuerySchema,
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

for (const action of ["sync", "refresh"] as const) {
  registerRoute({
    method: "post",
    path: `/api/applications/{app}/{env}/${action}`,
    summary: action === "sync" ? "Start an Argo CD sync" : "Ask Argo CD to refresh (re-read git and the cluster)",
    description:
      "The audit intent is committed before Argo CD is called and the outcome after; a refused role is audited as denied.",
    tags: ["applications"],
    access: action === "sync" ? "argocd.sync" : "argocd.refresh",
    params: appEnvParamsSchema,
    body: argoActionBodySchema,
    responses: {
      200: { description: "Argo CD accepted the request", schema: argoActionResultSchema },
      409: { description: "Argo CD refused (e.g. another operation is in progress)" },
    },
    audit: [action === "sync" ? "argocd.sync" : "argocd.refresh"],
    upstream: true,
  });
}
