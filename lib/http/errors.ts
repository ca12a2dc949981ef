// Typed errors and the one mapping from any error to an HTTP response. A 4xx says what was
// wrong in words the caller can act on; a 5xx never leaks internals (it is logged instead).
//
// Errors are recognised by a brand and their code, not by `instanceof` alone: Next can load this
// module twice (one copy per server bundle), and an AppError from the other copy is not an
// instance of this copy's class — mapping it by class alone turned a 404 into a 500.
import { ZodError } from "zod";

export type ErrorCode =
  | "bad_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "method_not_allowed"
  | "conflict"
  | "precondition_failed"
  | "payload_too_large"
  | "unsupported_media_type"
  | "rate_limited"
  | "upstream_unavailable"
  | "service_unavailable"
  | "internal";

const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  precondition_failed: 412,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  upstream_unavailable: 502,
  service_unavailable: 503,
  internal: 500,
};

/** Marks an AppError across bundle copies and survives a spread into a plain object. */
export const APP_ERROR_BRAND = "nura.app-error";
const INTEGRATION_ERROR_BRAND = "nura.integration-error";

export class AppError extends Error {
  override name = "AppError";
  readonly brand = APP_ERROR_BRAND;
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
export const serviceUnavailable = (m: string) => new AppError("service_unavailable", m);
export const payloadTooLarge = (m: string) => new AppError("payload_too_large", m);
export const unsupportedMediaType = (m: string) => new AppError("unsupported_media_type", m);
export const rateLimited = (m: string, d?: Record<string, unknown>) => new AppError("rate_limited", m, d);

type AppErrorLike = { code: ErrorCode; message: string; details?: Record<string, unknown> };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;

/** An AppError from any copy of this module, or the plain object one became on its way here. */
export function isAppError(err: unknown): err is AppErrorLike {
  if (err instanceof AppError) return true;
  if (!isObject(err)) return false;
  const branded = err.brand === APP_ERROR_BRAND || err.name === "AppError";
  return branded && typeof err.code === "string" && Object.hasOwn(STATUS, err.code) && typeof err.message === "string";
}

/** The status an error maps to, by code (for callers that branch on 403, 404…). */
export function errorStatus(err: unknown): number | null {
  return isAppError(err) ? STATUS[err.code] : null;
}

export function isIntegrationError(err: unknown): err is { system: string; status: number | null; message: string } {
  if (err instanceof IntegrationError) return true;
  return (
    isObject(err) &&
    (err.brand === INTEGRATION_ERROR_BRAND || err.name === "IntegrationError") &&
    typeof err.system === "string"
  );
}

function zodIssues(err: unknown): { path: PropertyKey[]; message: string }[] | null {
  if (err instanceof ZodError) return err.issues;
  if (isObject(err) && err.name === "ZodError" && Array.isArray(err.issues)) {
    return err.issues.filter(isObject).map((i) => ({
      path: Array.isArray(i.path) ? (i.path as PropertyKey[]) : [],
      message: String(i.message ?? "is invalid"),
    }));
  }
  return null;
}

/** A failed call to Argo CD, Jenkins, Grafana, Kubernetes, EKS, git or Slack. */
export class IntegrationError extends Error {
  override name = "IntegrationError";
  readonly brand = INTEGRATION_ERROR_BRAND;
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

/**
 * Prisma's P2028: a transaction that could not get a connection within its maxWait, or outran its
 * timeout (many requests queued on one row lock, an overloaded pool). Overload, not a bug: 503.
 * Recognised by shape, like the others, so either bundle copy of Prisma's error class matches.
 */
function isDatabaseBusy(err: unknown): boolean {
  const e = err as { name?: unknown; code?: unknown } | null;
  return typeof e === "object" && e !== null && e.name === "PrismaClientKnownRequestError" && e.code === "P2028";
}

/** Maps any thrown value to a status and a body that is safe to send. */
export function toErrorBody(err: unknown): { status: number; body: ErrorBody; log: boolean } {
  if (isAppError(err)) {
    const body: ErrorBody = { error: err.code, message: err.message };
    if (err.details !== undefined) body.details = err.details;
    return { status: STATUS[err.code], body, log: STATUS[err.code] >= 500 };
  }
  const zod = zodIssues(err);
  if (zod) {
    const issues = zod.map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
    const first = issues[0];
    const message = first ? `${first.path || "body"}: ${first.message}` : "Invalid input";
    return { status: 400, body: { error: "bad_request", message, details: { issues } }, log: false };
  }
  if (err instanceof SyntaxError && /JSON/.test(err.message)) {
    return { status: 400, body: { error: "bad_request", message: "Request body is not valid JSON" }, log: false };
  }
  if (isDatabaseBusy(err)) {
    return {
      status: 503,
      body: { error: "service_unavailable", message: "The database is busy; try again in a few seconds" },
      log: true,
    };
  }
  if (isIntegrationError(err)) {
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
