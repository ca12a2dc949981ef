import "server-only";
// Wraps a route handler: the request context (id, client IP, user agent — lib/http/request-context),
// latency histogram by route template, one error mapping, and a log line for every 5xx. Handlers
// throw AppError/ZodError; they never build error bodies and never read identifying headers.
//
//   const handler = route<Ctx>("/api/things/[id]", async (request, { params }, ctx) => {
//     const body = await readJsonBody(request, thingSchema);   // 415 / 413 / 400, strict keys
//     ... ctx.requestId, ctx.clientIp, ctx.userAgent ...
//   });
import { logger } from "@/lib/log";
import { startHttpTimer } from "@/lib/metrics";
import { toErrorBody } from "./errors";
import { type RequestContext, requestContext } from "./request-context";

type Handler<C> = (request: Request, context: C, ctx: RequestContext) => Promise<Response>;

export function route<C = unknown>(
  name: string,
  handler: Handler<C>,
): (request: Request, context: C) => Promise<Response> {
  return async (request, context) => {
    const ctx = requestContext(request);
    const end = startHttpTimer(name, request.method);
    let response: Response;
    try {
      response = await handler(request, context, ctx);
    } catch (err) {
      const { status, body, log } = toErrorBody(err);
      if (log) logger.error({ requestId: ctx.requestId, route: name, err }, "route failed");
      response = Response.json(body, { status });
    }
    const seconds = end(response.status);
    logger.info(
      {
        requestId: ctx.requestId,
        route: name,
        method: request.method,
        status: response.status,
        ms: Math.round(seconds * 1000),
      },
      "request",
    );
    response.headers.set("x-request-id", ctx.requestId);
    return response;
  };
}

export { readJsonBody } from "./json-body";
