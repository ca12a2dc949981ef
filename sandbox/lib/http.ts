// Minimal HTTP toolkit shared by the emulators: a path-pattern router and body/response helpers.
// Emulators stay dependency-free so each one reads as "wire protocol in, wire protocol out".
import type { IncomingMessage, ServerResponse } from "node:http";

export type Params = Record<string, string>;
export interface Ctx {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  params: Params;
}
export type Handler = (ctx: Ctx) => unknown | Promise<unknown>;

interface Route {
  method: string;
  regex: RegExp;
  keys: string[];
  handler: Handler;
}

/** Routes "GET /api/v1/applications/:name" style patterns; `*rest` captures the remainder. */
export class Router {
  private routes: Route[] = [];

  on(method: string, pattern: string, handler: Handler): this {
    const keys: string[] = [];
    const source = pattern
      .split("/")
      .map((part) => {
        if (part.startsWith(":")) {
          keys.push(part.slice(1));
          return "([^/]+)";
        }
        if (part.startsWith("*")) {
          keys.push(part.slice(1));
          return "(.*)";
        }
        return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      })
      .join("/");
    this.routes.push({ method, regex: new RegExp(`^${source}/?$`), keys, handler });
    return this;
  }

  /** Returns the matched handler; 405 when the path exists with another method. */
  match(method: string, path: string): { handler: Handler; params: Params } | "method-not-allowed" | undefined {
    let pathMatched = false;
    for (const r of this.routes) {
      const m = r.regex.exec(path);
      if (!m) continue;
      pathMatched = true;
      if (r.method !== method && !(r.method === "GET" && method === "HEAD")) continue;
      const params: Params = {};
      r.keys.forEach((k, i) => {
        params[k] = decodeURIComponent(m[i + 1] ?? "");
      });
      return { handler: r.handler, params };
    }
    return pathMatched ? "method-not-allowed" : undefined;
  }
}

export async function readBody(req: IncomingMessage, limit = 10 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error("request body too large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export async function readJson(req: IncomingMessage): Promise<unknown> {
  const buf = await readBody(req);
  if (buf.length === 0) return {};
  return JSON.parse(buf.toString("utf8"));
}

/** Form (application/x-www-form-urlencoded) or JSON body as a flat string/unknown map. */
export async function readFormOrJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const buf = await readBody(req);
  const type = String(req.headers["content-type"] ?? "");
  if (buf.length === 0) return {};
  if (type.includes("application/json")) return JSON.parse(buf.toString("utf8")) as Record<string, unknown>;
  return Object.fromEntries(new URLSearchParams(buf.toString("utf8")));
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function sendText(
  res: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
  contentType = "text/plain; charset=utf-8",
) {
  res.writeHead(status, { "content-type": contentType, "content-length": Buffer.byteLength(body), ...headers });
  res.end(body);
}

export function bearerToken(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  if (!h) return undefined;
  const m = /^Bearer\s+(.+)$/i.exec(h);
  return m?.[1]?.trim();
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
