// Kubernetes API emulator: one virtual cluster per environment under /clusters/{env}, read-only
// core/v1 + apps/v1 subset with list pagination, label/field selectors, watch, and v1 Status errors.
import type { ServerResponse } from "node:http";
import { matchesSelector } from "../argocd/query";
import type { EmulatorSpec } from "../faults/managed-server";
import { type Ctx, Router, sendJson } from "../lib/http";
import type { WorldController } from "../world/controller";
import type { AppInstance } from "../world/model";
import { deploymentObject, eventObjects, namespaceObject, podObject, replicaSetObject, workloadOf } from "./objects";

type Obj = Record<string, unknown>;

export interface ClusterInfo {
  env: string;
  namespace: string;
  token: string;
}

export interface KubeOptions {
  world: WorldController;
  clusters: ClusterInfo[];
  /** How often watches re-evaluate time-driven state (restart counts). */
  watchTickMs?: number;
}

const SYSTEM_NAMESPACES = ["default", "kube-system", "kube-public", "kube-node-lease", "monitoring"];
const CONTINUE_TTL_MS = 5 * 60_000;

export function kubeStatus(res: ServerResponse, code: number, reason: string, message: string, details?: Obj) {
  sendJson(res, code, {
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  });
}

type Kind = "namespaces" | "deployments" | "replicasets" | "pods" | "events";
const KIND: Record<Kind, { kind: string; group: string; listKind: string; apiVersion: string }> = {
  namespaces: { kind: "Namespace", group: "", listKind: "NamespaceList", apiVersion: "v1" },
  deployments: { kind: "Deployment", group: "apps", listKind: "DeploymentList", apiVersion: "apps/v1" },
  replicasets: { kind: "ReplicaSet", group: "apps", listKind: "ReplicaSetList", apiVersion: "apps/v1" },
  pods: { kind: "Pod", group: "", listKind: "PodList", apiVersion: "v1" },
  events: { kind: "Event", group: "", listKind: "EventList", apiVersion: "v1" },
};

function fieldValue(obj: Obj, path: string): string | undefined {
  let cur: unknown = obj;
  for (const k of path.split(".")) cur = cur && typeof cur === "object" ? (cur as Obj)[k] : undefined;
  return cur === undefined ? undefined : String(cur);
}

function matchesFields(obj: Obj, selector: string | null): boolean {
  if (!selector) return true;
  return selector.split(",").every((term) => {
    const m = /^([^!=]+)(==|=|!=)(.*)$/.exec(term.trim());
    if (!m) return true;
    const v = fieldValue(obj, m[1]!);
    return m[2] === "!=" ? v !== m[3] : v === m[3];
  });
}

export function kubernetesSpec(o: KubeOptions): EmulatorSpec {
  const router = new Router();
  const created = new Date(Date.now() - 30 * 86_400_000).toISOString().replace(/\.\d{3}Z$/, "Z");

  const cluster = (ctx: Ctx): ClusterInfo | undefined => {
    const c = o.clusters.find((x) => x.env === ctx.params.cluster);
    if (!c) {
      kubeStatus(ctx.res, 404, "NotFound", `the server could not find the requested resource`);
      return undefined;
    }
    const auth = /^Bearer\s+(.+)$/i.exec(ctx.req.headers.authorization ?? "")?.[1];
    if (auth !== c.token) {
      kubeStatus(ctx.res, 401, "Unauthorized", "Unauthorized");
      return undefined;
    }
    return c;
  };

  const appsIn = (c: ClusterInfo, ns: string): AppInstance[] =>
    ns === c.namespace ? o.world.list().filter((a) => a.env === c.env) : [];

  const objectsOf = (kind: Kind, c: ClusterInfo, ns: string | undefined): Obj[] => {
    if (kind === "namespaces") return [...SYSTEM_NAMESPACES, c.namespace].map((n) => namespaceObject(n, created));
    const namespaces = ns ? [ns] : [c.namespace];
    const out: Obj[] = [];
    const now = Date.now();
    for (const n of namespaces) {
      for (const a of appsIn(c, n)) {
        if (kind === "deployments") out.push(deploymentObject(a, now));
        if (kind === "replicasets") for (const rs of workloadOf(a, now).replicaSets) out.push(replicaSetObject(a, rs));
        if (kind === "pods") {
          for (const [i, p] of workloadOf(a, now).pods.entries()) out.push(podObject(a, p, i));
        }
        if (kind === "events") out.push(...eventObjects(a, now));
      }
    }
    return out.sort((x, y) => String((x.metadata as Obj).name).localeCompare(String((y.metadata as Obj).name)));
  };

  const filtered = (kind: Kind, ctx: Ctx, c: ClusterInfo, ns?: string) =>
    objectsOf(kind, c, ns).filter(
      (obj) =>
        matchesSelector(
          ((obj.metadata as Obj).labels as Record<string, string>) ?? {},
          ctx.url.searchParams.get("labelSelector"),
        ) && matchesFields(obj, ctx.url.searchParams.get("fieldSelector")),
    );

  const list = (kind: Kind) => (ctx: Ctx) => {
    const c = cluster(ctx);
    if (!c) return;
    // Like Kubernetes, listing in a namespace that does not exist is an empty list, not a 404.
    const ns = ctx.params.namespace;
    if (ctx.url.searchParams.get("watch") === "true" || ctx.url.searchParams.get("watch") === "1")
      return watch(kind, ctx, c, ns);
    const all = filtered(kind, ctx, c, ns);
    const rv = String(Math.max(1, ...o.world.list().map((a) => a.resourceVersion)));
    let offset = 0;
    const cont = ctx.url.searchParams.get("continue");
    if (cont) {
      try {
        const token = JSON.parse(Buffer.from(cont, "base64url").toString("utf8")) as { o: number; t: number };
        if (Date.now() - token.t > CONTINUE_TTL_MS) {
          return kubeStatus(
            ctx.res,
            410,
            "Expired",
            "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.",
          );
        }
        offset = token.o;
      } catch {
        return kubeStatus(ctx.res, 400, "BadRequest", "continue key is not valid: illegal base64 data");
      }
    }
    const limit = Number(ctx.url.searchParams.get("limit") ?? 0);
    const page = limit > 0 ? all.slice(offset, offset + limit) : all.slice(offset);
    const metadata: Obj = { resourceVersion: rv };
    if (limit > 0 && offset + limit < all.length) {
      metadata.continue = Buffer.from(JSON.stringify({ o: offset + limit, t: Date.now() })).toString("base64url");
      metadata.remainingItemCount = all.length - offset - limit;
    }
    sendJson(ctx.res, 200, { kind: KIND[kind].listKind, apiVersion: KIND[kind].apiVersion, metadata, items: page });
  };

  const watch = (kind: Kind, ctx: Ctx, c: ClusterInfo, ns: string | undefined) => {
    const { res, req } = ctx;
    res.writeHead(200, {
      "content-type": "application/json",
      "transfer-encoding": "chunked",
      "cache-control": "no-cache",
    });
    const known = new Map<string, string>();
    const emit = () => {
      const current = filtered(kind, ctx, c, ns);
      const names = new Set<string>();
      for (const obj of current) {
        const meta = obj.metadata as Obj;
        const name = String(meta.name);
        names.add(name);
        const prev = known.get(name);
        if (prev === undefined) res.write(`${JSON.stringify({ type: "ADDED", object: obj })}\n`);
        else if (prev !== String(meta.resourceVersion))
          res.write(`${JSON.stringify({ type: "MODIFIED", object: obj })}\n`);
        known.set(name, String(meta.resourceVersion));
      }
      for (const name of [...known.keys()]) {
        if (!names.has(name)) {
          known.delete(name);
          res.write(
            `${JSON.stringify({ type: "DELETED", object: { kind: KIND[kind].kind, apiVersion: KIND[kind].apiVersion, metadata: { name, namespace: ns } } })}\n`,
          );
        }
      }
    };
    emit();
    const onChange = (a: AppInstance) => {
      if (a.env === c.env) emit();
    };
    o.world.on("change", onChange);
    const tick = setInterval(emit, o.watchTickMs ?? 2000);
    const timeout = Number(ctx.url.searchParams.get("timeoutSeconds") ?? 0);
    const end = timeout > 0 ? setTimeout(() => res.end(), timeout * 1000) : undefined;
    const cleanup = () => {
      o.world.off("change", onChange);
      clearInterval(tick);
      if (end) clearTimeout(end);
    };
    req.on("close", cleanup);
    res.on("close", cleanup);
  };

  const get = (kind: Kind) => (ctx: Ctx) => {
    const c = cluster(ctx);
    if (!c) return;
    const name = ctx.params.name!;
    const found = objectsOf(kind, c, ctx.params.namespace).find((obj) => (obj.metadata as Obj).name === name);
    if (found) return sendJson(ctx.res, 200, found);
    const k = KIND[kind];
    kubeStatus(ctx.res, 404, "NotFound", `${kind}${k.group ? `.${k.group}` : ""} "${name}" not found`, {
      name,
      ...(k.group ? { group: k.group } : {}),
      kind,
    });
  };

  const prefix = "/clusters/:cluster";
  router.on("GET", `${prefix}/version`, (ctx) => {
    if (!cluster(ctx)) return;
    sendJson(ctx.res, 200, {
      major: "1",
      minor: "33",
      gitVersion: "v1.33.4-eks-sandbox",
      gitCommit: "0000000000000000000000000000000000000000",
      gitTreeState: "clean",
      buildDate: "2026-01-01T00:00:00Z",
      goVersion: "go1.24.6",
      compiler: "gc",
      platform: "linux/amd64",
    });
  });
  router.on("GET", `${prefix}/api/v1/namespaces`, list("namespaces"));
  router.on("GET", `${prefix}/api/v1/namespaces/:name`, get("namespaces"));
  router.on("GET", `${prefix}/apis/apps/v1/namespaces/:namespace/deployments`, list("deployments"));
  router.on("GET", `${prefix}/apis/apps/v1/namespaces/:namespace/deployments/:name`, get("deployments"));
  router.on("GET", `${prefix}/apis/apps/v1/namespaces/:namespace/replicasets`, list("replicasets"));
  router.on("GET", `${prefix}/apis/apps/v1/namespaces/:namespace/replicasets/:name`, get("replicasets"));
  router.on("GET", `${prefix}/api/v1/namespaces/:namespace/pods`, list("pods"));
  router.on("GET", `${prefix}/api/v1/namespaces/:namespace/pods/:name`, get("pods"));
  router.on("GET", `${prefix}/api/v1/namespaces/:namespace/events`, list("events"));
  router.on("GET", `${prefix}/apis/apps/v1/deployments`, list("deployments"));
  router.on("GET", `${prefix}/api/v1/pods`, list("pods"));

  return {
    name: "kubernetes",
    router,
    injectedError: (_req, res) =>
      kubeStatus(res, 503, "ServiceUnavailable", "the server is currently unable to handle the request"),
    notFound: (_req, res) => kubeStatus(res, 404, "NotFound", "the server could not find the requested resource"),
  };
}
