// The real Argo CD adapter: REST /api/v1 with a Bearer token (see contracts/NOTES.md).
import { type HttpClientConfig, requestJson } from "../http-json";
import type { ArgoCdApi, SyncRequest } from "./api";
import { describeArgoError, mapApplication, mapResourceTree } from "./mapping";
import { applicationListSchema, applicationSchema, resourceTreeSchema } from "./schemas";

const SYSTEM = "argocd";

export function createArgoCdClient(cfg: HttpClientConfig): ArgoCdApi {
  const call = <S extends Parameters<typeof requestJson>[1]["schema"]>(
    operation: string,
    path: string,
    schema: S,
    init: { method?: "GET" | "POST"; body?: unknown } = {},
  ) => requestJson(cfg, { system: SYSTEM, operation, path, schema, describeError: describeArgoError, ...init });
  const app = (name: string) => `/api/v1/applications/${encodeURIComponent(name)}`;

  return {
    async listApplications() {
      const list = await call("listApplications", "/api/v1/applications", applicationListSchema);
      return (list.items ?? []).map(mapApplication);
    },
    async getApplication(name) {
      return mapApplication(await call("getApplication", app(name), applicationSchema));
    },
    async getResourceTree(name) {
      return mapResourceTree(await call("getResourceTree", `${app(name)}/resource-tree`, resourceTreeSchema));
    },
    async sync(name, request: SyncRequest = {}) {
      const body = {
        revision: request.revision ?? "",
        prune: request.prune ?? false,
        dryRun: request.dryRun ?? false,
        strategy: { hook: { force: false } },
      };
      return mapApplication(await call("sync", `${app(name)}/sync`, applicationSchema, { method: "POST", body }));
    },
    async refresh(name, mode = "normal") {
      return mapApplication(await call("refresh", `${app(name)}?refresh=${mode}`, applicationSchema));
    },
  };
}
