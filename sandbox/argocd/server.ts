// Argo CD API server emulator: the /api/v1 subset the portal uses, with the real auth, error
// bodies (gRPC-gateway style) and quirks listed in contracts/NOTES.md.
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import type { EmulatorSpec } from "../faults/managed-server";
import { resolveCommit } from "../gitops/watcher";
import { log } from "../lib/git";
import { type Ctx, Router, readJson, sendJson } from "../lib/http";
import { checkJwt, signJwt } from "../lib/jwt";
import { OperationError, type WorldController } from "../world/controller";
import type { AppInstance, RetryStrategy } from "../world/model";
import { workloadOf } from "../world/workload";
import { parseSelector, projectItems, SelectorError } from "./query";
import { projectOf, type RenderContext, renderApplication, renderResourceTree } from "./render";
import { registerResourceDetailRoutes } from "./resource-detail";

export interface ArgoOptions {
  world: WorldController;
  render: RenderContext;
  jwtSecret: string;
  admin: { username: string; password: string };
  /** SSE keepalive period (15 s in Argo CD). */
  keepaliveMs?: number;
}

const GRPC = {
  Unknown: 2,
  InvalidArgument: 3,
  NotFound: 5,
  PermissionDenied: 7,
  FailedPrecondition: 9,
  Unauthenticated: 16,
  Unavailable: 14,
};

export function argoError(res: ServerResponse, status: number, code: number, message: string) {
  sendJson(res, status, { error: message, code, message, details: [] });
}

/** Issues the long-lived API token of a local account (`argocd account generate-token`). */
export function issueArgoToken(secret: string, sub = "portal"): string {
  const now = Math.floor(Date.now() / 1000);
  return signJwt({ iss: "argocd", sub: `${sub}:apiKey`, nbf: now, iat: now, jti: `sandbox-${sub}` }, secret);
}

/**
 * Issues a project role token (`argocd proj role create-token <project> <role>`), which is what the
 * portal and Jenkins hold in production (infra/argocd/projects: proj:nura-system:portal/jenkins).
 */
export function issueProjectToken(secret: string, project: string, role: string): string {
  const now = Math.floor(Date.now() / 1000);
  return signJwt(
    { iss: "argocd", sub: `proj:${project}:${role}`, nbf: now, iat: now, jti: crypto.randomUUID() },
    secret,
  );
}

/**
 * The user name argocd-server records (session.Username): a local account's `sub` loses its
 * capability suffix (`portal:apiKey` → `portal`); a project role keeps its full subject.
 */
export function usernameOf(sub: string): string {
  return sub.startsWith("proj:") ? sub : sub.replace(/:(apiKey|login)$/, "");
}

/** Only on-the-wire strategies: `force: false` is omitted like Go's omitempty would. */
function syncStrategyOf(strategy: unknown): Record<string, unknown> | undefined {
  if (!strategy || typeof strategy !== "object") return undefined;
  const out: Record<string, unknown> = {};
  for (const kind of ["hook", "apply"] as const) {
    const v = (strategy as Record<string, { force?: boolean } | undefined>)[kind];
    if (v) out[kind] = v.force ? { force: true } : {};
  }
  return Object.keys(out).length ? out : undefined;
}

const syncBody = z.object({
  revision: z.string().optional(),
  prune: z.boolean().optional(),
  dryRun: z.boolean().optional(),
  strategy: z.unknown().optional(),
  // argo-cd SyncOperationResource; group "" is the core group, an empty namespace the app's.
  resources: z
    .array(
      z.object({
        group: z.string().optional(),
        kind: z.string(),
        name: z.string(),
        namespace: z.string().optional(),
      }),
    )
    .nullish(),
  syncOptions: z.object({ items: z.array(z.string()).optional() }).nullish(),
  retryStrategy: z
    .object({
      limit: z
        .union([
          z.number().int(),
          z
            .string()
            .regex(/^-?\d+$/)
            .transform(Number),
        ])
        .optional(),
      backoff: z
        .object({
          duration: z.string().optional(),
          factor: z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]).optional(),
          maxDuration: z.string().optional(),
        })
        .optional(),
    })
    .nullish(),
});
const rollbackBody = z.object({
  id: z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)]),
  prune: z.boolean().optional(),
  dryRun: z.boolean().optional(),
});

export function argocdSpec(o: ArgoOptions): EmulatorSpec {
  const { world } = o;
  const router = new Router();

  /** The caller's user name, or why the session is refused (undefined: no token at all). */
  const session = (req: IncomingMessage): { user: string } | { problem: string } | undefined => {
    const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? "")?.[1];
    const cookie = /(?:^|;\s*)argocd\.token=([^;]+)/.exec(req.headers.cookie ?? "")?.[1];
    const token = bearer ?? cookie;
    if (!token) return undefined;
    const r = checkJwt(token, o.jwtSecret);
    return "problem" in r ? r : { user: usernameOf(String(r.payload.sub ?? "")) };
  };

  /** Wraps a handler with Argo CD's content-type and auth checks and error mapping. */
  const api =
    (fn: (ctx: Ctx, user: string) => unknown | Promise<unknown>, opts: { anonymous?: boolean } = {}) =>
    async (ctx: Ctx) => {
      // argocd-server's enforceContentTypes (--api-content-types, default "application/json") wraps
      // the whole gateway: every non-GET needs exactly that header value (case-insensitive, no
      // parameters such as "; charset=utf-8"), body or not, before authentication is even looked at.
      if (
        (ctx.req.method ?? "GET") !== "GET" &&
        String(ctx.req.headers["content-type"] ?? "").toLowerCase() !== "application/json"
      ) {
        ctx.res.writeHead(415, { "content-type": "text/plain; charset=utf-8", "x-content-type-options": "nosniff" });
        ctx.res.end("Invalid content type\n");
        return;
      }
      const s = session(ctx.req);
      // Session and version services authenticate but ignore the error (their AuthFuncOverride).
      if (s && "problem" in s && !opts.anonymous) {
        return argoError(ctx.res, 401, GRPC.Unauthenticated, `invalid session: ${s.problem}`);
      }
      if (!s && !opts.anonymous) return argoError(ctx.res, 401, GRPC.Unauthenticated, "no session information");
      const user = s && "user" in s ? s.user : undefined;
      try {
        await fn(ctx, user ?? "");
      } catch (err) {
        if (err instanceof OperationError) return argoError(ctx.res, err.httpStatus, err.grpcCode, err.message);
        if (err instanceof SelectorError) {
          // A plain Go error in List: gRPC code Unknown, which grpc-gateway answers with 500.
          return argoError(ctx.res, 500, GRPC.Unknown, `error parsing the selector: ${err.message}`);
        }
        if (err instanceof z.ZodError || err instanceof SyntaxError) {
          return argoError(ctx.res, 400, GRPC.InvalidArgument, `invalid request body: ${err.message.split("\n")[0]}`);
        }
        throw err;
      }
    };

  /**
   * argocd-server's getAppEnforceRBAC: an unknown application is "permission denied" (no existence
   * leak) unless ?project= is given; then a missing app, or one in another project, is NotFound.
   */
  const findApp = (ctx: Ctx, _user: string): AppInstance | undefined => {
    const name = ctx.params.name!;
    const a = world.get(name);
    const project = ctx.url.searchParams.get("project");
    if (a && (!project || project === projectOf(a, o.render))) return a;
    if (project) argoError(ctx.res, 404, GRPC.NotFound, `applications.argoproj.io "${name}" not found`);
    else argoError(ctx.res, 403, GRPC.PermissionDenied, "permission denied");
    return undefined;
  };

  const render = (a: AppInstance) => renderApplication(a, o.render);

  /** ApplicationQuery: name, projects (or the singular `project`, which wins), selector. */
  const listFilter = (url: URL) => {
    const names = url.searchParams.getAll("name").filter(Boolean);
    const project = url.searchParams.getAll("project").filter(Boolean);
    const projects = project.length ? project : url.searchParams.getAll("projects").filter(Boolean);
    const selector = parseSelector(url.searchParams.get("selector"));
    return (a: AppInstance) => {
      if (names.length && !names.includes(a.argoName)) return false;
      if (projects.length && !projects.includes(projectOf(a, o.render))) return false;
      const labels = (render(a).metadata as { labels: Record<string, string> }).labels;
      return selector(labels);
    };
  };

  router.on(
    "POST",
    "/api/v1/session",
    api(
      async ({ req, res }) => {
        const body = z.object({ username: z.string(), password: z.string() }).parse(await readJson(req));
        if (body.username !== o.admin.username || body.password !== o.admin.password) {
          return argoError(res, 401, GRPC.Unauthenticated, "Invalid username or password");
        }
        const now = Math.floor(Date.now() / 1000);
        const token = signJwt(
          { iss: "argocd", sub: body.username, iat: now, nbf: now, exp: now + 86_400, jti: crypto.randomUUID() },
          o.jwtSecret,
        );
        sendJson(res, 200, { token }, { "set-cookie": `argocd.token=${token}; path=/; SameSite=lax; httpOnly` });
      },
      { anonymous: true },
    ),
  );
  router.on(
    "GET",
    "/api/v1/session/userinfo",
    api(
      ({ res }, user) => {
        if (!user) return sendJson(res, 200, { loggedIn: false });
        sendJson(res, 200, { loggedIn: true, username: user, iss: "argocd", groups: [] });
      },
      { anonymous: true },
    ),
  );
  router.on(
    "GET",
    "/api/version",
    api(
      ({ res }) =>
        sendJson(res, 200, {
          Version: "v3.6.0+sandbox",
          BuildDate: "2026-01-01T00:00:00Z",
          GoVersion: "go1.25",
          Platform: "linux/amd64",
        }),
      {
        anonymous: true,
      },
    ),
  );

  router.on(
    "GET",
    "/api/v1/applications",
    api(async ({ url, res }) => {
      if (url.searchParams.get("refresh")) await world.refresh();
      const apps = world
        .list()
        .filter(listFilter(url))
        .sort((x, y) => (x.argoName < y.argoName ? -1 : x.argoName > y.argoName ? 1 : 0));
      const rendered = apps.map(render);
      const fields = url.searchParams.get("fields");
      const projected = projectItems(rendered, fields);
      const items = projected ?? rendered;
      const body: Record<string, unknown> = { items: items.length ? items : null };
      if (!projected) body.metadata = { resourceVersion: String(Math.max(0, ...apps.map((a) => a.resourceVersion))) };
      sendJson(res, 200, body);
    }),
  );

  router.on(
    "GET",
    "/api/v1/applications/:name",
    api(async (ctx, user) => {
      if (ctx.url.searchParams.get("refresh")) await world.refresh();
      const a = findApp(ctx, user);
      if (a) sendJson(ctx.res, 200, render(a));
    }),
  );

  router.on(
    "POST",
    "/api/v1/applications/:name/sync",
    api(async (ctx, user) => {
      const a = findApp(ctx, user);
      if (!a) return;
      const body = syncBody.parse(await readJson(ctx.req));
      const updated = await world.sync(a.argoName, {
        revision: body.revision || undefined,
        prune: body.prune,
        dryRun: body.dryRun,
        syncOptions: body.syncOptions ? (body.syncOptions.items ?? []) : undefined,
        syncStrategy: syncStrategyOf(body.strategy),
        retry: body.retryStrategy ? ({ limit: 0, ...body.retryStrategy } as RetryStrategy) : undefined,
        resources: body.resources?.map((r) => ({
          group: r.group ?? "",
          kind: r.kind,
          name: r.name,
          namespace: r.namespace ?? "",
        })),
        initiatedBy: { username: user },
      });
      sendJson(ctx.res, 200, render(updated));
    }),
  );

  router.on(
    "POST",
    "/api/v1/applications/:name/rollback",
    api(async (ctx, user) => {
      const a = findApp(ctx, user);
      if (!a) return;
      const body = rollbackBody.parse(await readJson(ctx.req));
      const updated = await world.rollback(a.argoName, body.id, {
        prune: body.prune,
        dryRun: body.dryRun,
        initiatedBy: { username: user },
      });
      sendJson(ctx.res, 200, render(updated));
    }),
  );

  router.on(
    "DELETE",
    "/api/v1/applications/:name/operation",
    api((ctx, user) => {
      const a = findApp(ctx, user);
      if (!a) return;
      world.terminate(a.argoName);
      sendJson(ctx.res, 200, {});
    }),
  );

  router.on(
    "GET",
    "/api/v1/applications/:name/resource-tree",
    api((ctx, user) => {
      const a = findApp(ctx, user);
      if (a) sendJson(ctx.res, 200, renderResourceTree(a, workloadOf(a)));
    }),
  );

  router.on(
    "GET",
    "/api/v1/applications/:name/managed-resources",
    api((ctx, user) => {
      const a = findApp(ctx, user);
      if (!a) return;
      const manifest = (image: string, replicas: number) =>
        JSON.stringify({
          apiVersion: "apps/v1",
          kind: "Deployment",
          metadata: {
            name: a.app,
            namespace: a.namespace,
            labels: { "app.kubernetes.io/name": a.app, "app.kubernetes.io/instance": a.argoName },
          },
          spec: { replicas, template: { spec: { containers: [{ name: "app", image }] } } },
        });
      const target = manifest(`${a.desired.repository}:${a.desired.tag}`, a.desired.replicas);
      const live = manifest(`${a.live.repository}:${a.live.tag}`, a.live.replicas);
      const modified = target !== live;
      // The Service is rendered the same from git and live (nothing in the sandbox changes it).
      const service = JSON.stringify({
        apiVersion: "v1",
        kind: "Service",
        metadata: { name: a.app, namespace: a.namespace, labels: { "app.kubernetes.io/name": a.app } },
        spec: { selector: { "app.kubernetes.io/name": a.app }, ports: [{ port: 80, targetPort: 8080 }] },
      });
      sendJson(ctx.res, 200, {
        items: [
          {
            group: "apps",
            kind: "Deployment",
            namespace: a.namespace,
            name: a.app,
            targetState: target,
            liveState: live,
            normalizedLiveState: live,
            predictedLiveState: target,
            modified,
            ...(modified
              ? { diff: JSON.stringify([{ op: "replace", path: "/spec/template/spec/containers/0/image" }]) }
              : {}),
          },
          {
            group: "",
            kind: "Service",
            namespace: a.namespace,
            name: a.app,
            targetState: service,
            liveState: service,
            normalizedLiveState: service,
            predictedLiveState: service,
            modified: false,
          },
        ],
      });
    }),
  );

  router.on(
    "GET",
    "/api/v1/applications/:name/revisions/:revision/metadata",
    api(async (ctx, user) => {
      const a = findApp(ctx, user);
      if (!a) return;
      const sha = await resolveCommit(world.repo, ctx.params.revision!);
      if (!sha) return argoError(ctx.res, 404, GRPC.NotFound, `unable to resolve revision '${ctx.params.revision}'`);
      const [c] = await log(world.repo, sha, [], 1);
      if (!c) return argoError(ctx.res, 404, GRPC.NotFound, `revision ${sha} not found`);
      sendJson(ctx.res, 200, {
        author: `${c.authorName} <${c.authorEmail}>`,
        date: c.date.replace(/\+00:00$/, "Z"),
        message: c.body ? `${c.subject}\n\n${c.body}` : c.subject,
      });
    }),
  );

  router.on(
    "GET",
    "/api/v1/stream/applications",
    api(({ req, res, url }) => {
      const filter = listFilter(url);
      const sse = String(req.headers.accept ?? "").includes("text/event-stream");
      res.writeHead(200, {
        "content-type": sse ? "text/event-stream" : "application/json",
        "cache-control": "no-cache",
        "x-content-type-options": "nosniff",
      });
      const send = (type: string, a: AppInstance) => {
        const line = JSON.stringify({ result: { type, application: render(a) } });
        res.write(sse ? `data: ${line}\n\n` : `${line}\n`);
      };
      for (const a of world.list().filter(filter)) send("ADDED", a);
      const onChange = (a: AppInstance) => {
        if (filter(a)) send("MODIFIED", a);
      };
      world.on("change", onChange);
      const keepalive = sse ? setInterval(() => res.write(":\n\n"), o.keepaliveMs ?? 15_000) : undefined;
      const cleanup = () => {
        world.off("change", onChange);
        if (keepalive) clearInterval(keepalive);
      };
      req.on("close", cleanup);
      res.on("close", cleanup);
    }),
  );

  registerResourceDetailRoutes({ router, world, api, findApp, argoError });

  return {
    name: "argocd",
    router,
    injectedError: (_req, res) => argoError(res, 503, GRPC.Unavailable, "connection error: sandbox fault injection"),
    notFound: (_req, res) => argoError(res, 404, GRPC.NotFound, "Not Found"),
  };
}
