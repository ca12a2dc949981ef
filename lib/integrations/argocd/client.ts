// The real Argo CD adapter: REST /api/v1 with a Bearer token (see contracts/NOTES.md).
import { z } from "zod";
import { type HttpClientConfig, requestJson } from "../http-json";
import type { ArgoCdApi, SyncRequest } from "./api";
import {
  describeArgoError,
  mapApplication,
  mapEvents,
  mapManagedResources,
  mapResourceTree,
  parseLogStream,
} from "./mapping";
import {
  applicationListSchema,
  applicationSchema,
  eventListSchema,
  managedResourcesSchema,
  resourceManifestSchema,
  resourceTreeSchema,
} from "./schemas";

const SYSTEM = "argocd";

export function createArgoCdClient(cfg: HttpClientConfig): ArgoCdApi {
  const call = <S extends Parameters<typeof requestJson>[1]["schema"]>(
    operation: string,
    path: string,
    schema: S,
    init: { method?: "GET" | "POST" | "DELETE"; body?: unknown } = {},
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
        ...(request.resources?.length ? { resources: request.resources } : {}),
      };
      return mapApplication(await call("sync", `${app(name)}/sync`, applicationSchema, { method: "POST", body }));
    },
    async refresh(name, mode = "normal") {
      return mapApplication(await call("refresh", `${app(name)}?refresh=${mode}`, applicationSchema));
    },
    async rollback(name, request) {
      const body = { id: request.id, prune: request.prune ?? false, dryRun: request.dryRun ?? false };
      return mapApplication(
        await call("rollback", `${app(name)}/rollback`, applicationSchema, { method: "POST", body }),
      );
    },
    async terminateOperation(name) {
      await call("terminateOperation", `${app(name)}/operation`, z.unknown(), { method: "DELETE" });
    },
    async managedResources(name) {
      return mapManagedResources(
        await call("managedResources", `${app(name)}/managed-resources`, managedResourcesSchema),
      );
    },
    async liveResource(name, ref) {
      const q = new URLSearchParams({
        namespace: ref.namespace,
        resourceName: ref.name,
        version: ref.version,
        group: ref.group,
        kind: ref.kind,
      });
      const r = await call("liveResource", `${app(name)}/resource?${q}`, resourceManifestSchema);
      return r.manifest && r.manifest !== "null" ? r.manifest : null;
    },
    async resourceEvents(name, ref) {
      const q = new URLSearchParams(ref);
      return mapEvents(await call("resourceEvents", `${app(name)}/events?${q}`, eventListSchema));
    },
    async podLogs(name, query) {
      const q = new URLSearchParams({
        podName: query.podName,
        namespace: query.namespace,
        tailLines: String(query.tailLines),
        follow: "false",
        ...(query.container ? { container: query.container } : {}),
        // Argo CD takes a google.protobuf.Timestamp as sinceTime.seconds (whole seconds).
        ...(query.sinceTime ? { "sinceTime.seconds": String(Math.floor(Date.parse(query.sinceTime) / 1000)) } : {}),
      });
      // The stream body is JSON lines; a single line arrives parsed, several as text.
      const body = await call("podLogs", `${app(name)}/logs?${q}`, z.unknown());
      if (body === undefined || body === null) return [];
      return parseLogStream(typeof body === "string" ? body : JSON.stringify(body));
    },
  };
}
