// The portal's own API, described once from the zod schemas the routes parse with. Every
// app/api/**/route.ts method registers here (lib/http/openapi/document.test.ts fails otherwise),
// and the document is served at /api/openapi.json and fuzzed by schemathesis in `make test`.
//
//   registerRoute({
//     method: "post", path: "/api/promotions/{id}/approve", summary: "Approve a promotion",
//     access: "promotion.approve",               // "public" | "signed-in" | a permission (lib/domain/roles)
//     params: promotionParamsSchema, body: approveBodySchema,          // the same schemas the route parses
//     responses: { 200: { description: "The promotion after the approval", schema: promotionDtoSchema } },
//     audit: ["promotion.approved"],             // the events a 2xx writes (schemathesis checks one exists)
//     upstream: true,                            // may answer 502 (an upstream failed) or 503 (audit log down)
//   });
//
// The usual error answers (400, 401, 403, 404, 413, 415, 429, 502, 503) are added from these facts, each
// with the one error body of lib/http/errors, so a route documents only its success answers.
import { OpenAPIRegistry } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import type { AuditAction } from "@/lib/domain/audit-actions";
import type { Action } from "@/lib/domain/roles";

export const errorBodySchema = z.object({
  error: z.string().describe("a stable code: bad_request, unauthorized, forbidden, not_found, conflict…"),
  message: z.string().describe("what was wrong, in words the caller can act on"),
  details: z.record(z.string(), z.unknown()).optional(),
});

export type RouteMethod = "get" | "post" | "put" | "patch" | "delete";

export type RouteDoc = {
  method: RouteMethod;
  /** OpenAPI path: /api/applications/{app}/{env}/sync (the route folder with [x] as {x}). */
  path: string;
  summary: string;
  description?: string;
  /** "metrics-token": only a bearer of METRICS_TOKEN (Prometheus), no session. */
  access: "public" | "signed-in" | "metrics-token" | Action;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** 404 here: a route without path parameters whose body names something that may not exist. */
  responses: Partial<Record<200 | 201 | 202 | 204 | 304 | 404 | 409 | 412 | 503, Response>>;
  /** Audit events a successful call writes (outcome success, or intent + outcome for upstream calls). */
  audit?: AuditAction[];
  /** Calls an upstream system: 502 when it fails, 503 when the audit intent cannot be written. */
  upstream?: boolean;
  /** Also takes `Authorization: Bearer <service token>` (the ci role, lib/http/access-gate BEARER_PATHS). */
  serviceToken?: boolean;
  tags?: string[];
};

type Response = {
  description: string;
  schema?: z.ZodType;
  /** Default application/json; several when the body's type depends on the query (CSV or JSON). */
  contentType?: string | string[];
  headers?: Record<string, string>;
};

export const apiRegistry = new OpenAPIRegistry();
export const registeredRoutes: RouteDoc[] = [];

apiRegistry.registerComponent("securitySchemes", "session", {
  type: "apiKey",
  in: "cookie",
  name: "next-auth.session-token",
  description: "The next-auth session cookie set by signing in at /login",
});
apiRegistry.registerComponent("securitySchemes", "serviceToken", {
  type: "http",
  scheme: "bearer",
  description:
    "A service token (role ci) created by an admin at POST /api/service-tokens, for machines such as Jenkins",
});
apiRegistry.registerComponent("securitySchemes", "metricsToken", {
  type: "http",
  scheme: "bearer",
  description: "METRICS_TOKEN, the bearer Prometheus sends to /api/metrics",
});

const acceptsEmpty = (schema: z.ZodType) => schema.safeParse(undefined).success;

/**
 * The query as a client may send it: lib/http/params reads an empty value as absent (an HTML form's
 * empty field), so every optional parameter also takes "". Documentation only; the route parses with
 * the schema itself.
 */
function documentedQuery(query: z.ZodObject): z.ZodObject {
  const shape = Object.fromEntries(
    Object.entries(query.shape as Record<string, z.ZodType>).map(([k, v]) => [
      k,
      acceptsEmpty(v) ? z.union([z.literal("").describe("empty: as if absent"), v]).optional() : v,
    ]),
  );
  return z.object(shape);
}

const error = (description: string) => ({
  description,
  content: { "application/json": { schema: errorBodySchema } },
});

/** Who may call: nobody needs to sign in, Prometheus' bearer, or a session (and a ci service token where taken). */
function security(doc: RouteDoc): Record<string, string[]>[] {
  if (doc.access === "public") return [];
  if (doc.access === "metrics-token") return [{ metricsToken: [] }];
  return doc.serviceToken ? [{ session: [] }, { serviceToken: [] }] : [{ session: [] }];
}

export function registerRoute(doc: RouteDoc): void {
  if (registeredRoutes.some((r) => r.method === doc.method && r.path === doc.path)) {
    throw new Error(`OpenAPI: ${doc.method.toUpperCase()} ${doc.path} is registered twice`);
  }
  registeredRoutes.push(doc);
  const responses: Record<string, unknown> = {};
  for (const [status, r] of Object.entries(doc.responses)) {
    responses[status] = {
      description: r.description,
      ...(r.schema
        ? {
            content: Object.fromEntries(
              [r.contentType ?? "application/json"].flat().map((type) => [type, { schema: r.schema }]),
            ),
          }
        : {}),
      ...(r.headers
        ? {
            headers: Object.fromEntries(
              Object.entries(r.headers).map(([h, d]) => [h, { description: d, schema: { type: "string" } }]),
            ),
          }
        : {}),
    };
  }
  const hasInput = Boolean(doc.params || doc.query || doc.body);
  if (hasInput) responses["400"] = error("The input is invalid; the message names the field and why");
  if (doc.access === "metrics-token") responses["401"] = error("No or a wrong bearer token");
  else if (doc.access !== "public") responses["401"] = error("Not signed in");
  if (doc.access !== "public" && doc.access !== "signed-in" && doc.access !== "metrics-token") {
    responses["403"] = error(
      `The caller's role may not ${doc.access}${doc.params?.shape.env ? " in this environment" : ""}`,
    );
  }
  if (doc.params) responses["404"] = error("No such resource (the path names something the catalog does not know)");
  else if (doc.responses[404]) responses["404"] = error(doc.responses[404].description);
  if (doc.body) {
    responses["413"] = error("The body is larger than the route accepts");
    responses["415"] = error("The body is not application/json");
  }
  if (doc.upstream) {
    responses["502"] = error("An upstream system (Argo CD, Jenkins, git…) failed or refused");
    responses["503"] ??= error("The audit log cannot be written, so the action was refused");
  }
  const mutating = doc.method !== "get";
  apiRegistry.registerPath({
    method: doc.method,
    path: doc.path,
    summary: doc.summary,
    description: doc.description,
    tags: doc.tags,
    security: security(doc),
    request: {
      params: doc.params,
      query: doc.query ? documentedQuery(doc.query) : undefined,
      // An empty body reads as {} (lib/http/json-body), so a body is required only when {} is not enough.
      ...(doc.body
        ? {
            body: {
              required: mutating && !doc.body.safeParse({}).success,
              content: { "application/json": { schema: doc.body } },
            },
          }
        : {}),
    },
    responses: responses as never,
    ...(doc.audit ? { "x-nura-audit": doc.audit } : {}),
    ...(doc.access !== "public" ? { "x-nura-access": doc.access } : {}),
  });
}
