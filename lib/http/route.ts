import "server-only";
// Wraps a route handler: request id, latency histogram by route template, one error mapping,
// and a log line for every 5xx. Handlers throw AppError/ZodError; they never build error bodies.
import { logger } from "@/lib/log";
import { metrics } from "@/lib/metrics";
import { toErrorBody } from "./errors";

type Handler<C> = (request: Request, context: C) => Promise<Response>;

export function route<C = unknown>(name: string, handler: Handler<C>): Handler<C> {
  return async (request, context) => {
    const requestId = request.headers.get("x-request-id") ?? crypto.randomUUID();
    const end = metrics.httpDuration.startTimer({ route: name, method: request.method });
    let response: Response;
    try {
      response = await handler(request, context);
    } catch (err) {
      const { status, body, log } = toErrorBody(err);
      if (log) logger.error({ requestId, route: name, err }, "route failed");
      response = Response.json(body, { status });
    }
    const seconds = end({ status: String(response.status) });
    logger.info(
      { requestId, route: name, method: request.method, status: response.status, ms: Math.round(seconds * 1000) },
      "request",
    );
    response.headers.set("x-request-id", requestId);
    return response;
  };
}

/** Parses a JSON body, turning an empty or malformed one into a 400. */
export async function readJson(request: Request): Promise<unknown> {
  const text = await request.text();
  if (!text.trim()) return {};
  return JSON.parse(text);
}
