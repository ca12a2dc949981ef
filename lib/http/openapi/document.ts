// The OpenAPI 3.1 document of the portal's API, generated from the registered route schemas.
// A new route registers in lib/http/openapi/paths/<domain>.ts and adds its import here.
import { OpenApiGeneratorV31 } from "@asteasolutions/zod-to-openapi";
import { apiRegistry } from "./registry";
import "./paths/portal";
import "./paths/applications";
import "./paths/audit";
import "./paths/infra";
import "./paths/promotion-views";
import "./paths/promotions";

type Document = ReturnType<OpenApiGeneratorV31["generateDocument"]>;
let cached: Document | undefined;

export function openApiDocument(): Document {
  cached ??= new OpenApiGeneratorV31(apiRegistry.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "Nura Platform Portal API",
      version: "1",
      description:
        "The portal's own API. Errors are {error, message, details?}; mutations take strict JSON (application/json, ≤ 16 KiB, unknown keys refused) and are audited (x-nura-audit lists the events a success writes).",
    },
    servers: [{ url: "/" }],
  });
  return cached;
}
