// The portal's own endpoints (health, readiness, metrics, the caller, the overview, this document).
import { z } from "zod";
import { ROLES } from "@/lib/domain/roles";
import { registerRoute } from "../registry";

registerRoute({
  method: "get",
  path: "/api/health",
  summary: "Liveness: the process serves requests",
  tags: ["ops"],
  access: "public",
  responses: { 200: { description: "Alive", schema: z.object({ status: z.literal("ok") }) } },
});

registerRoute({
  method: "get",
  path: "/api/ready",
  summary: "Readiness: the database answers and every migration is applied",
  description: "The reason is a fixed phrase; the database driver's own error is logged, never sent.",
  tags: ["ops"],
  access: "public",
  responses: {
    200: { description: "Ready", schema: z.object({ status: z.literal("ready") }) },
    503: {
      description: "Not ready",
      schema: z.object({ status: z.literal("not_ready"), reason: z.string() }),
    },
  },
});

registerRoute({
  method: "get",
  path: "/api/metrics",
  summary: "Prometheus metrics (bearer METRICS_TOKEN; open only in a sandbox without one)",
  tags: ["ops"],
  access: "metrics-token",
  responses: {
    200: { description: "Prometheus text exposition", schema: z.string(), contentType: "text/plain" },
  },
});

registerRoute({
  method: "get",
  path: "/api/openapi.json",
  summary: "This document",
  tags: ["ops"],
  access: "public",
  responses: { 200: { description: "OpenAPI 3.1", schema: z.looseObject({ openapi: z.string() }) } },
});

const grant = z.object({ role: z.enum(ROLES), environment: z.string().nullable() });

registerRoute({
  method: "get",
  path: "/api/me",
  summary: "The signed-in caller and their role grants",
  tags: ["portal"],
  access: "signed-in",
  responses: {
    200: {
      description: "The caller",
      schema: z.object({
        id: z.string(),
        email: z.string(),
        name: z.string(),
        role: z.enum(ROLES),
        grants: z.array(grant),
      }),
    },
  },
});

registerRoute({
  method: "get",
  path: "/api/overview",
  summary: "Environments × applications with per-upstream freshness",
  tags: ["portal"],
  access: "portal.view",
  responses: {
    200: {
      description: "The overview",
      schema: z.looseObject({ generatedAt: z.string(), environments: z.array(z.looseObject({ name: z.string() })) }),
    },
    304: { description: "Unchanged since the ETag sent in If-None-Match" },
  },
});
