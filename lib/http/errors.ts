// Typed errors and the one mapping from any error to an HTTP response. A 4xx says what was
// wrong in words the caller can act on; a 5xx never leaks internals (it is logged instead).
import { ZodError } from "zod";

export type ErrorCode =
  | "bad_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "precondition_failed"
  | "rate_limited"
  | "upstream_unavailable"
  | "internal";

const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  precondition_failed: 412,
  rate_limited: 429,
  upstream_unavailable: 502,
  internal: 500,
};

export class AppError extends Error {
  override name = "AppError";
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
  get status() {
    return STATUS[this.code];
  }
}

export const badRequest = (m: string, d?: Record<string, unknown>) => new AppError("bad_request", m, d);
export const unauthorized = (m = "Sign in required") => new AppError("unauthorized", m);
export const forbidden = (m: string) => new AppError("forbidden", m);
export const notFound = (m: string) => new AppError("not_found", m);
export const conflict = (m: string, d?: Record<string, unknown>) => new AppError("conflict", m, d);

/** A failed call to Argo CD, Jenkins, Grafana, Kubernetes, EKS, git or Slack. */
export class IntegrationError extends Error {
  override name = "IntegrationError";
  constructor(
    readonly system: string,
    readonly status: number | null,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export type ErrorBody = { error: ErrorCode; message: string; details?: Record<string, unknown> };

/** Maps any thrown value to a status and a body that is safe to send. */
export function toErrorBody(err: unknown): { status: number; body: ErrorBody; log: boolean } {
  if (err instanceof AppError) {
    return { status: err.status, body: { error: err.code, message: err.message, details: err.details }, log: false };
  }
  if (err instanceof ZodError) {
    const issues = err.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
    const first = issues[0];
    const message = first ? `${first.path || "body"}: ${first.message}` : "Invalid input";
    return { status: 400, body: { error: "bad_request", message, details: { issues } }, log: false };
  }
  if (err instanceof SyntaxError && /JSON/.test(err.message)) {
    return { status: 400, body: { error: "bad_request", message: "Request body is not valid JSON" }, log: false };
  }
  if (err instanceof IntegrationError) {
    return {
      status: 502,
      body: { error: "upstream_unavailable", message: `${err.system} is unavailable or answered with an error` },
      log: true,
    };
  }
  return { status: 500, body: { error: "internal", message: "Internal error; it has been logged" }, log: true };
}

export function toResponse(err: unknown, headers?: HeadersInit): Response {
  const { status, body } = toErrorBody(err);
  return Response.json(body, { status, headers });
}
