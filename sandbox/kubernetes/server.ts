// Kubernetes API emulator: one virtual cluster per environment under /clusters/{env}, read-only
// core/v1 + apps/v1 subset with list pagination, label/field selectors as the API server parses them,
// cluster-wide resource versions and watches that resume from one (or 410 Gone), and v1 Status
// errors: the portal's credentials are read-only, so every write is a 403 Status.
import type { ServerResponse } from "node:http";
import type { EmulatorSpec } from "../faults/managed-server";
import { type Ctx, Router, readBody, sendJson } from "../lib/http";
import type { WorldController } from "../world/controller";
import type { AppInstance } from "../world/model";
import { deploymentObject, eventObjects, namespaceObject, podObject, replicaSetObject, workloadOf } from "./objects";
import {
  type FieldRequirement,
  fieldsMatch,
  type LabelRequirement,
  labelsMatch,
  parseFieldSelector,
  parseLabelSelector,
  SelectorError,
} from "./selectors";
import { ClusterStore } from "./store";

type Obj = Record<string, unknown>;

export interface ClusterInfo {
  env: string;
  namespace: string;
  token: string;
  /** Who the token authenticates as (named in 403 answers); read-only, like the portal's credentials. */
  user?: string;
}

export interface KubeOptions {
  world: WorldController;
  clusters: ClusterInfo[];
  /** How often watches re-evaluate time-driven state (restart counts). */
  watchTickMs?: number;
  /** First resource version of every cluster (older ones are "compacted": a watch from them is 410). */
  startRevision?: number;
}

const DEFAULT_USER = "system:serviceaccount:nura-system:nura-portal";

const SYSTEM_NAMESPACES = ["default", "kube-system", "kube-public", "kube-node-lease", "monitoring"];
const CONTINUE_TTL_MS = 5 * 60_000;
const byName = (x: Obj, y: Obj) => String((x.metadata as Obj).name).localeCompare(String((y.metadata as Obj).name));

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

const KINDS = Object.keys(KIND) as Kind[];

interface Selection {
  ns: string | undefined;
  labels: LabelRequirement[];
  fields: FieldRequirement[];
}

const selects = (sel: Selection) => (obj: Obj) => {
  const meta = obj.metadata as Obj;
  return (
    (!sel.ns || meta.namespace === undefined || meta.namespace === sel.ns) &&
    labelsMatch(meta.labels as Record<string, string> | undefined, sel.labels) &&
    fieldsMatch(obj, sel.fields)
  );
};

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

  /** Every object of a kind in the cluster (its one application namespace), sorted by name. */
  const objectsOf = (kind: Kind, c: ClusterInfo): Obj[] => {
    if (kind === "namespaces") return [...SYSTEM_NAMESPACES, c.namespace].map((n) => namespaceObject(n, created));
    const out: Obj[] = [];
    const now = Date.now();
    for (const a of o.world.list().filter((x) => x.env === c.env)) {
      if (kind === "deployments") out.push(deploymentObject(a, now));
      if (kind === "replicasets") for (const rs of workloadOf(a, now).replicaSets) out.push(replicaSetObject(a, rs));
      if (kind === "pods") for (const [i, p] of workloadOf(a, now).pods.entries()) out.push(podObject(a, p, i));
      if (kind === "events") out.push(...eventObjects(a, now));
    }
    return out.sort(byName);
  };

  // One store per cluster: resource versions are cluster-wide, as etcd revisions are.
  const stores = new Map<string, ClusterStore<Kind>>();
  const storeOf = (c: ClusterInfo): ClusterStore<Kind> => {
    let store = stores.get(c.env);
    if (!store) {
      store = new ClusterStore<Kind>((kind) => objectsOf(kind, c), KINDS, {
        startRevision: o.startRevision ?? 40_000,
      });
      stores.set(c.env, store);
    }
    return store;
  };

  /** The request's namespace and selectors, or a 400 Status (answered) for a selector the API server refuses. */
  const selection = (kind: Kind, ctx: Ctx): Selection | undefined => {
    try {
      return {
        ns: ctx.params.namespace,
        labels: parseLabelSelector(ctx.url.searchParams.get("labelSelector")),
        fields: parseFieldSelector(ctx.url.searchParams.get("fieldSelector"), kind),
      };
    } catch (err) {
      if (!(err instanceof SelectorError)) throw err;
      kubeStatus(ctx.res, 400, "BadRequest", err.message);
      return undefined;
    }
  };

  const list = (kind: Kind) => (ctx: Ctx) => {
    const c = cluster(ctx);
    if (!c) return;
    const sel = selection(kind, ctx);
    if (!sel) return;
    // Like Kubernetes, listing in a namespace that does not exist is an empty list, not a 404.
    if (ctx.url.searchParams.get("watch") === "true" || ctx.url.searchParams.get("watch") === "1")
      return watch(kind, ctx, c, sel);
    const store = storeOf(c);
    const all = store.sync(kind).filter(selects(sel)).sort(byName);
    const rv = store.resourceVersion;
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

  /**
   * Without a resourceVersion (or "0") a watch starts with ADDED for every current object; from a
   * resourceVersion it sends only what changed after it, or one ERROR event with a 410 Status when that
   * version was compacted away (what the API server's watch cache does).
   */
  const watch = (kind: Kind, ctx: Ctx, c: ClusterInfo, sel: Selection) => {
    const { res, req } = ctx;
    const store = storeOf(c);
    const from = ctx.url.searchParams.get("resourceVersion") ?? "";
    if (from && !/^\d+$/.test(from)) return kubeStatus(ctx.res, 400, "BadRequest", `invalid resource version: ${from}`);
    res.writeHead(200, {
      "content-type": "application/json",
      "transfer-encoding": "chunked",
      "cache-control": "no-cache",
    });
    const matches = selects(sel);
    const write = (type: string, object: Obj) => res.write(`${JSON.stringify({ type, object })}\n`);
    let cursor: number;
    if (!from || from === "0") {
      for (const obj of store.sync(kind).filter(matches).sort(byName)) write("ADDED", obj);
      cursor = Number(store.resourceVersion);
    } else {
      cursor = Number(from);
    }
    let closed = false;
    let tick: NodeJS.Timeout | undefined;
    let end: NodeJS.Timeout | undefined;
    const onChange = (a: AppInstance) => {
      if (a.env === c.env) pump();
    };
    const cleanup = () => {
      closed = true;
      o.world.off("change", onChange);
      clearInterval(tick);
      clearTimeout(end);
    };
    const pump = () => {
      if (closed) return;
      store.sync(kind);
      const events = store.eventsSince(kind, cursor);
      if (events === "expired") {
        write("ERROR", {
          kind: "Status",
          apiVersion: "v1",
          metadata: {},
          status: "Failure",
          message: `too old resource version: ${cursor} (${store.oldestResumable})`,
          reason: "Expired",
          code: 410,
        });
        cleanup();
        res.end();
        return;
      }
      for (const e of events) if (matches(e.object)) write(e.type, e.object);
      cursor = Math.max(cursor, Number(store.resourceVersion));
    };
    pump();
    if (closed) return;
    o.world.on("change", onChange);
    tick = setInterval(pump, o.watchTickMs ?? 2000);
    const timeout = Number(ctx.url.searchParams.get("timeoutSeconds") ?? 0);
    if (timeout > 0) end = setTimeout(() => res.end(), timeout * 1000);
    req.on("close", cleanup);
    res.on("close", cleanup);
  };

  const get = (kind: Kind) => (ctx: Ctx) => {
    const c = cluster(ctx);
    if (!c) return;
    const name = ctx.params.name!;
    const ns = ctx.params.namespace;
    const found = storeOf(c)
      .sync(kind)
      .find((obj) => (obj.metadata as Obj).name === name && (!ns || (obj.metadata as Obj).namespace === ns));
    if (found) return sendJson(ctx.res, 200, found);
    const k = KIND[kind];
    kubeStatus(ctx.res, 404, "NotFound", `${kind}${k.group ? `.${k.group}` : ""} "${name}" not found`, {
      name,
      ...(k.group ? { group: k.group } : {}),
      kind,
    });
  };

  /** The portal's credentials may only read: every write is refused as RBAC refuses it. */
  const forbidden = (kind: Kind, verb: string) => async (ctx: Ctx) => {
    const c = cluster(ctx);
    if (!c) return;
    await readBody(ctx.req).catch(() => undefined);
    const { group } = KIND[kind];
    const name = ctx.params.name;
    const ns = ctx.params.namespace;
    const resource = `${kind}${group ? `.${group}` : ""}`;
    const scope = ns ? `in the namespace "${ns}"` : "at the cluster scope";
    kubeStatus(
      ctx.res,
      403,
      "Forbidden",
      `${resource}${name ? ` "${name}"` : ""} is forbidden: User "${c.user ?? DEFAULT_USER}" cannot ${verb} resource "${kind}" in API group "${group}" ${scope}`,
      { ...(name ? { name } : {}), ...(group ? { group } : {}), kind },
    );
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

  const collections: [Kind, string][] = [
    ["namespaces", "/api/v1/namespaces"],
    ["deployments", "/apis/apps/v1/namespaces/:namespace/deployments"],
    ["replicasets", "/apis/apps/v1/namespaces/:namespace/replicasets"],
    ["pods", "/api/v1/namespaces/:namespace/pods"],
    ["events", "/api/v1/namespaces/:namespace/events"],
  ];
  for (const [kind, path] of collections) {
    router.on("POST", `${prefix}${path}`, forbidden(kind, "create"));
    router.on("DELETE", `${prefix}${path}`, forbidden(kind, "deletecollection"));
    router.on("PUT", `${prefix}${path}/:name`, forbidden(kind, "update"));
    router.on("PATCH", `${prefix}${path}/:name`, forbidden(kind, "patch"));
    router.on("DELETE", `${prefix}${path}/:name`, forbidden(kind, "delete"));
  }

  return {
    name: "kubernetes",
    router,
    injectedError: (_req, res) =>
      kubeStatus(res, 503, "ServiceUnavailable", "the server is currently unable to handle the request"),
    notFound: (_req, res) => kubeStatus(res, 404, "NotFound", "the server could not find the requested resource"),
  };
}
