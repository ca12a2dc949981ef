// /api/infra/** in the OpenAPI document (routes owned by infra-runs; registered here so the document
// covers every route — move the body schemas next to the routes' own and import them from there).
import { z } from "zod";
import { consoleQuerySchema, planBodySchema, unlockBodySchema } from "@/lib/server/infra/api-schemas";
import { registerRoute } from "../registry";

const envParams = z.object({ env: z.string().regex(/^[a-z][a-z0-9-]{0,30}$/) });
const runParams = z.object({ id: z.uuid() });
const run = z.looseObject({ id: z.string(), environment: z.string(), status: z.string() });
const empty = z.strictObject({});

registerRoute({
  method: "post",
  path: "/api/infra/environments/{env}/plan",
  summary: "Start a plan of the environment (takes its lock); driftCheck: a drift check now",
  tags: ["infra"],
  access: "infra.plan",
  params: envParams,
  body: planBodySchema,
  responses: { 201: { description: "The run", schema: run }, 409: { description: "The environment is locked" } },
  audit: ["infra.plan"],
  upstream: true,
});

registerRoute({
  method: "post",
  path: "/api/infra/environments/{env}/unlock",
  summary: "Force-unlock the environment, with a written reason",
  tags: ["infra"],
  access: "infra.unlock",
  params: envParams,
  body: unlockBodySchema,
  responses: { 200: { description: "The lock released", schema: z.looseObject({}) } },
  audit: ["infra.unlock"],
});

for (const [action, summary, access, audit, status] of [
  ["abort", "Stop the run's Jenkins build and free the lock", "infra.plan", "infra.abort", 200],
  // The request writes infra.apply_requested (intent, then its outcome); the tracker's later events are the run's.
  ["apply", "Apply an approved plan (bound to its sha256)", "infra.apply", "infra.apply_requested", 201],
  ["approve", "Approve a plan for apply", "infra.approve", "infra.apply_approved", 200],
] as const) {
  registerRoute({
    method: "post",
    path: `/api/infra/runs/{id}/${action}`,
    summary,
    tags: ["infra"],
    access,
    params: runParams,
    body: action === "approve" ? z.strictObject({ reason: z.string().max(2000).optional() }) : empty,
    responses: {
      [status]: { description: "The run", schema: run },
      409: { description: "Not in a state that allows it" },
    },
    audit: [audit],
    upstream: action !== "approve",
  });
}

registerRoute({
  method: "get",
  path: "/api/infra/runs/{id}",
  summary: "A run with its stages and lock",
  tags: ["infra"],
  access: "portal.view",
  params: runParams,
  responses: { 200: { description: "The run", schema: run } },
});

registerRoute({
  method: "get",
  path: "/api/infra/runs/{id}/console",
  summary: "The run's console as Server-Sent Events",
  tags: ["infra"],
  access: "portal.view",
  params: runParams,
  query: consoleQuerySchema,
  responses: {
    200: {
      // OpenAPI 3.1 (before 3.2's itemSchema): for text/event-stream `schema` describes one event as
      // lib/server/infra/console-stream.ts writes it; `data` is the JSON of the run or the console chunk.
      description: "An event stream: run (the run changed), console (a chunk), upstream-error, end",
      schema: z.object({
        event: z.enum(["run", "console", "upstream-error", "end"]),
        data: z.string(),
        id: z.string().optional(),
      }),
      contentType: "text/event-stream",
    },
  },
});
