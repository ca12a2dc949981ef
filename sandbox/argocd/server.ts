// Argo CD API server emulator: the /api/v1 subset the portal uses, with the real auth, error
// bodies (gRPC-gateway style) and quirks listed in contracts/NOTES.md.
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import type { EmulatorSpec } from "../faults/managed-server";
import { resolveCommit } from "../gitops/watcher";
import { log } from "../lib/git";
import { type Ctx, Router, readJson, sendJson } from "../lib/http";
import { signJwt, verifyJwt } from "../lib/jwt";
import { OperationError, type WorldController } from "../world/controller";
import type { AppInstance } from "../world/model";
import { workloadOf } from "../world/workload";
import { matchesSelector, projectItems } from "./query";
import { type RenderContext, renderApplication, renderResourceTree } from "./render";

export interface ArgoOptions {
  world: WorldController;
  render: RenderContext;
  jwtSecret: string;
  admin: { username: string; password: string };
  /** SSE keepalive period (15 s in Argo CD). */
  keepaliveMs?: number;
}

const GRPC = {
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

/** Issues the long-lived API token a service account would have (what ARGOCD_TOKEN holds). */
export function issueArgoToken(secret: string, sub = "portal"): string {
  const now = Math.floor(Date.now() / 1000);
  return signJwt({ iss: "argocd", sub: `${sub}:apiKey`, nbf: now, iat: now, jti: `sandbox-${sub}` }, secret);
}

const syncBody = z.object({
  revision: z.string().optional(),
  prune: z.boolean().optional(),
  dryRun: z.boolean().optional(),
  strategy: z.unknown().optional(),
  resources: z.array(z.unknown()).nullish(),
  syncOptions: z.object({ items: z.array(z.string()).optional() }).nullish(),
  retryStrategy: z.unknown().optional(),
});
const rollbackBody = z.object({
  id: z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)]),
  prune: z.boolean().optional(),
  dryRun: z.boolean().optional(),
});

export function argocdSpec(o: ArgoOptions): EmulatorSpec {
  const { world } = o;
  const router = new Router();

  const subject = (req: IncomingMessage): string | undefined => {
    const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? "")?.[1];
    const cookie = /(?:^|;\s*)argocd\.token=([^;]+)/.exec(req.headers.cookie ?? "")?.[1];
    const token = bearer ?? cookie;
    if (!token) return undefined;
    const claims = verifyJwt(token, o.jwtSecret);
    return claims ? String(claims.sub ?? "") : undefined;
  };

  /** Wraps a handler with Argo CD's auth and content-type checks and error mapping. */
  const api =
    (fn: (ctx: Ctx, user: string) => unknown | Promise<unknown>, opts: { anonymous?: boolean } = {}) =>
    async (ctx: Ctx) => {
      const user = subject(ctx.req);
      if (!user && !opts.anonymous) return argoError(ctx.res, 401, GRPC.Unauthenticated, "no session information");
      const method = ctx.req.method ?? "GET";
      if (
        method !== "GET" &&
        method !== "DELETE" &&
        !String(ctx.req.headers["content-type"] ?? "").includes("application/json")
      ) {
        return argoError(ctx.res, 415, GRPC.InvalidArgument, `Content-Type must be application/json`);
      }
      try {
        await fn(ctx, user ?? "");
      } catch (err) {
        if (err instanceof OperationError) return argoError(ctx.res, err.httpStatus, err.grpcCode, err.message);
        if (err instanceof z.ZodError || err instanceof SyntaxError) {
          return argoError(ctx.res, 400, GRPC.InvalidArgument, `invalid request body: ${err.message.split("\n")[0]}`);
        }
        throw err;
      }
    };

  /** Real Argo CD answers 403 for an unknown app (no existence leak) unless ?project= is given. */
  const findApp = (ctx: Ctx, user: string): AppInstance | undefined => {
    const name = ctx.params.name!;
    const a = world.get(name);
    if (a) {
      const project = ctx.url.searchParams.get("project");
      if (!project || project === o.render.project) return a;
    }
    if (ctx.url.searchParams.get("project")) {
      argoError(ctx.res, 404, GRPC.NotFound, `applications.argoproj.io "${name}" not found`);
    } else {
      argoError(
        ctx.res,
        403,
        GRPC.PermissionDenied,
        `permission denied: applications, get, ${o.render.project}/${name}, sub: ${user}`,
      );
    }
    return undefined;
  };

  const render = (a: AppInstance) => renderApplication(a, o.render);

  const listFilter = (url: URL) => {
    const names = url.searchParams.getAll("name").filter(Boolean);
    const projects = url.searchParams.getAll("projects").filter(Boolean);
    const selector = url.searchParams.get("selector");
    return (a: AppInstance) => {
      if (names.length && !names.includes(a.argoName)) return false;
      if (projects.length && !projects.includes(o.render.project)) return false;
      const labels = (render(a).metadata as { labels: Record<string, string> }).labels;
      return matchesSelector(labels, selector);
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
        sendJson(res, 200, { loggedIn: true, username: user.replace(/:apiKey$/, ""), iss: "argocd", groups: [] });
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
      const apps = world.list().filter(listFilter(url));
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
        initiatedBy: { username: user.replace(/:apiKey$/, "") },
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
        initiatedBy: { username: user.replace(/:apiKey$/, "") },
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

  return {
    name: "argocd",
    router,
    injectedError: (_req, res) => argoError(res, 503, GRPC.Unavailable, "connection error: sandbox fault injection"),
    notFound: (_req, res) => argoError(res, 404, GRPC.NotFound, "Not Found"),
  };
}
