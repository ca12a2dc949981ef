// The one HTTP helper the REST adapters (Argo CD, Grafana) share: timeout on every call, latency
// recorded by system/operation, zod-parsed bodies, and every failure turned into an IntegrationError.
import type { z } from "zod";
import { IntegrationError } from "@/lib/http/errors";
import { timeUpstream } from "@/lib/metrics";

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** What every REST adapter is built from (injected, so tests and the sandbox need no globals). */
export interface HttpClientConfig {
  baseUrl: string;
  token: string;
  fetch?: FetchLike;
  timeoutMs?: number;
}

export interface JsonRequest<S extends z.ZodType> {
  system: string;
  operation: string;
  path: string;
  method?: "GET" | "POST" | "PUT" | "DELETE";
  body?: unknown;
  headers?: Record<string, string>;
  schema: S;
  /** Turns an error body into a message; default: `message` / `error` fields or the status text. */
  describeError?: (status: number, body: unknown) => string;
}

const DEFAULT_TIMEOUT_MS = 5_000;

function defaultErrorMessage(status: number, body: unknown, statusText: string): string {
  if (body && typeof body === "object") {
    const b = body as { message?: unknown; error?: unknown };
    if (typeof b.message === "string" && b.message) return b.message;
    if (typeof b.error === "string" && b.error) return b.error;
  }
  if (typeof body === "string" && body.trim()) return body.trim().slice(0, 200);
  return statusText || `HTTP ${status}`;
}

/** A fetch that threw (refused, reset, timed out) as the IntegrationError every adapter reports. */
export function fetchFailure(system: string, operation: string, timeoutMs: number, err: unknown): IntegrationError {
  const e = err as Error;
  const timedOut = e.name === "TimeoutError" || e.name === "AbortError";
  const cause = (e as { cause?: { code?: string } }).cause?.code;
  return new IntegrationError(
    system,
    null,
    timedOut ? `${operation} timed out after ${timeoutMs} ms` : `${operation} failed: ${cause ?? e.message}`,
    { cause: err },
  );
}

export async function requestJson<S extends z.ZodType>(
  cfg: HttpClientConfig,
  req: JsonRequest<S>,
): Promise<z.output<S>> {
  const timeoutMs = cfg.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const doFetch = cfg.fetch ?? fetch;
  const url = `${cfg.baseUrl.replace(/\/$/, "")}${req.path}`;
  return timeUpstream(req.system, req.operation, async () => {
    let res: Response;
    try {
      const method = req.method ?? "GET";
      res = await doFetch(url, {
        method,
        headers: {
          accept: "application/json",
          authorization: `Bearer ${cfg.token}`,
          // Every non-GET says application/json, body or not: argocd-server answers 415 to a
          // body-less DELETE without it (its --api-content-types check is a CSRF guard).
          ...(req.body !== undefined || method !== "GET" ? { "content-type": "application/json" } : {}),
          ...req.headers,
        },
        body: req.body !== undefined ? JSON.stringify(req.body) : undefined,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      throw fetchFailure(req.system, req.operation, timeoutMs, err);
    }
    const text = await res.text().catch(() => "");
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text for the error message
    }
    if (!res.ok) {
      const message = req.describeError?.(res.status, body) ?? defaultErrorMessage(res.status, body, res.statusText);
      throw new IntegrationError(req.system, res.status, `${req.operation}: HTTP ${res.status}: ${message}`);
    }
    const parsed = req.schema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new IntegrationError(
        req.system,
        res.status,
        `${req.operation}: unexpected response (${issue?.path.join(".") || "body"}: ${issue?.message})`,
      );
    }
    return parsed.data;
  });
}

/** Rejects with a timeout IntegrationError when `call` does not settle in time (SDK clients). */
export function withTimeout<T>(system: string, operation: string, timeoutMs: number, call: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new IntegrationError(system, null, `${operation} timed out after ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  return Promise.race([call, timeout]).finally(() => clearTimeout(timer));
}
