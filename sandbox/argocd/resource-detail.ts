// Argo CD's per-resource reads the application page uses next to the tree: the events of one
// resource (GET /api/v1/applications/{name}/events) and a pod's log (GET …/logs), shaped like
// server/application/application.go: events come from the destination cluster filtered by the
// involved object, logs are a gRPC-gateway stream of {"result": LogEntry} lines ending with last=true.
import type { ServerResponse } from "node:http";
import { deploymentObject, eventObjects, podObject, replicaSetObject } from "../kubernetes/objects";
import { type Ctx, type Router, sendJson } from "../lib/http";
import type { WorldController } from "../world/controller";
import { type AppInstance, isBrokenTag } from "../world/model";
import { type PodView, workloadOf } from "../world/workload";

type Api = (fn: (ctx: Ctx, user: string) => unknown | Promise<unknown>) => (ctx: Ctx) => Promise<unknown>;
type FindApp = (ctx: Ctx, user: string) => AppInstance | undefined;
type ArgoErrorFn = (res: ServerResponse, status: number, code: number, message: string) => void;

/** A healthy pod writes one access-log line this often (sandbox clock). */
export const LOG_LINE_EVERY_MS = 5_000;
const MAX_TAIL = 10_000;

const rfc3339 = (ms: number) => new Date(ms).toISOString();

/** The log of one pod up to `now`, as the container would have written it. Pure. */
export function podLogLines(a: AppInstance, pod: PodView, now = Date.now()): { at: number; content: string }[] {
  const start = Date.parse(pod.createdAt);
  const tag = pod.image.slice(pod.image.lastIndexOf(":") + 1);
  const lines = [
    { at: start, content: `level=info msg="starting ${a.app}" version=${tag} env=${a.env}` },
    { at: start + 200, content: `level=info msg="config loaded" namespace=${a.namespace}` },
  ];
  if (pod.reason === "ContainerCreating") return []; // no container yet, so no log
  if (isBrokenTag(tag)) {
    lines.push(
      { at: start + 400, content: `level=error msg="readiness check failed" err="upstream config missing for ${tag}"` },
      { at: start + 450, content: "panic: runtime error: invalid memory address or nil pointer dereference" },
    );
    return lines.filter((l) => l.at <= now);
  }
  lines.push({ at: start + 400, content: `level=info msg="listening" addr=:8080` });
  const first = Math.max(start + LOG_LINE_EVERY_MS, now - MAX_TAIL * LOG_LINE_EVERY_MS);
  for (let t = first - ((first - start) % LOG_LINE_EVERY_MS); t <= now; t += LOG_LINE_EVERY_MS) {
    if (t <= start + 400) continue;
    const n = Math.floor((t - start) / LOG_LINE_EVERY_MS);
    const path = n % 4 === 0 ? "/healthz" : `/api/v1/items/${n % 97}`;
    lines.push({ at: t, content: `level=info method=GET path=${path} status=200 duration_ms=${(n * 7) % 23}` });
  }
  return lines;
}

export function registerResourceDetailRoutes(o: {
  router: Router;
  world: WorldController;
  api: Api;
  findApp: FindApp;
  argoError: ArgoErrorFn;
}): void {
  const { router, api, findApp, argoError } = o;

  router.on(
    "GET",
    "/api/v1/applications/:name/events",
    api((ctx, user) => {
      const a = findApp(ctx, user);
      if (!a) return;
      const q = ctx.url.searchParams;
      const name = q.get("resourceName") ?? "";
      const namespace = q.get("resourceNamespace") ?? "";
      const resourceUid = q.get("resourceUID") ?? "";
      // No resource named: Argo CD lists the Application's own events (none are kept here).
      const items = name
        ? eventObjects(a).filter((e) => {
            const inv = e.involvedObject as { name: string; namespace: string; uid: string };
            return (
              inv.name === name &&
              (!namespace || inv.namespace === namespace) &&
              (!resourceUid || inv.uid === resourceUid)
            );
          })
        : [];
      sendJson(ctx.res, 200, { metadata: {}, items });
    }),
  );

  // The live manifest of a resource in the application's tree, managed or not (the Deployment, its
  // ReplicaSets and Pods; the Service's comes with managed-resources): argo-cd's GetResource answers
  // {"manifest": "<the object as JSON text>"}.
  router.on(
    "GET",
    "/api/v1/applications/:name/resource",
    api((ctx, user) => {
      const a = findApp(ctx, user);
      if (!a) return;
      const q = ctx.url.searchParams;
      const kind = q.get("kind") ?? "";
      const name = q.get("resourceName") ?? "";
      const namespace = q.get("namespace") ?? "";
      if (!kind || !name) return argoError(ctx.res, 400, 3, "kind and resourceName are required");
      const obj = namespace && namespace !== a.namespace ? undefined : liveObject(a, q.get("group") ?? "", kind, name);
      if (!obj) return argoError(ctx.res, 404, 5, `${kind} "${name}" not found as part of application ${a.argoName}`);
      sendJson(ctx.res, 200, { manifest: JSON.stringify(obj) });
    }),
  );

  router.on(
    "GET",
    "/api/v1/applications/:name/logs",
    api((ctx, user) => {
      const a = findApp(ctx, user);
      if (!a) return;
      const q = ctx.url.searchParams;
      const podName = q.get("podName");
      if (!podName) return argoError(ctx.res, 400, 3, "podName is required in this emulator");
      const pod = workloadOf(a).pods.find((p) => p.name === podName);
      if (!pod || (q.get("namespace") && q.get("namespace") !== a.namespace)) {
        return argoError(ctx.res, 404, 5, `pods "${podName}" not found`);
      }
      const tail = q.get("tailLines");
      if (tail !== null && !/^\d+$/.test(tail)) return argoError(ctx.res, 400, 3, `invalid tailLines: ${tail}`);
      const since = q.get("sinceTime.seconds");
      if (since !== null && !/^\d+$/.test(since)) return argoError(ctx.res, 400, 3, `invalid sinceTime: ${since}`);
      let lines = podLogLines(a, pod);
      if (since !== null) lines = lines.filter((l) => l.at >= Number(since) * 1000);
      if (tail !== null) lines = lines.slice(Math.max(0, lines.length - Number(tail)));
      ctx.res.writeHead(200, { "content-type": "application/json", "x-content-type-options": "nosniff" });
      for (const l of lines) {
        const entry = { content: l.content, podName, timeStamp: rfc3339(l.at), timeStampStr: rfc3339(l.at) };
        ctx.res.write(`${JSON.stringify({ result: entry })}\n`);
      }
      // follow=true is not streamed here: the stream ends like a follow=false read.
      ctx.res.end(`${JSON.stringify({ result: { content: "", podName, last: true } })}\n`);
    }),
  );
}

/** The Kubernetes object of one tree node, as the cluster holds it (the Kubernetes emulator's view). */
function liveObject(a: AppInstance, group: string, kind: string, name: string): Record<string, unknown> | undefined {
  const w = workloadOf(a);
  if (group === "apps" && kind === "Deployment" && name === a.app) return deploymentObject(a);
  if (group === "apps" && kind === "ReplicaSet") {
    const rs = w.replicaSets.find((r) => r.name === name);
    return rs ? replicaSetObject(a, rs) : undefined;
  }
  if (group === "" && kind === "Pod") {
    const i = w.pods.findIndex((p) => p.name === name);
    return i >= 0 ? podObject(a, w.pods[i]!, i) : undefined;
  }
  return undefined;
}
