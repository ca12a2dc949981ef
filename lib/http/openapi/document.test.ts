// Every route handler method is in the OpenAPI document, and the document says what the routes
// do: a route added without registering it (or registered without its handler) fails here.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BEARER_PATHS } from "../access-gate";
import { openApiDocument } from "./document";
import { registeredRoutes } from "./registry";

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

const METHOD =
  /export\s+(?:const|async\s+function|function)\s+(GET|POST|PUT|PATCH|DELETE)\b|\bas\s+(GET|POST|PUT|PATCH|DELETE)\b/g;
/** next-auth's catch-all serves its own protocol; its documented endpoints are listed in paths/auth. */
const CATCH_ALL = /\[\.\.\./;

describe("the OpenAPI document", () => {
  const doc = openApiDocument();

  it("is OpenAPI 3.1 with a path for every route handler method", () => {
    expect(doc.openapi).toBe("3.1.0");
    const handlers = walk("app/api")
      .filter((f) => f.endsWith("route.ts") && !CATCH_ALL.test(f))
      .flatMap((f) => {
        const p = `/${path
          .dirname(f)
          .replace(/^app\//, "")
          .replace(/\[(\w+)\]/g, "{$1}")}`;
        return [...readFileSync(f, "utf8").matchAll(METHOD)].map((m) => `${(m[1] ?? m[2])!.toLowerCase()} ${p}`);
      })
      .sort();
    const documented = Object.entries(doc.paths ?? {})
      .flatMap(([p, item]) => Object.keys(item as object).map((m) => `${m} ${p}`))
      .filter((k) => !k.includes("/api/auth/"))
      .sort();
    expect(documented).toEqual(handlers);
  });

  it("documents the error answers and the audit events of every mutation", () => {
    for (const r of registeredRoutes.filter((x) => x.method !== "get")) {
      type Op = { responses: Record<string, unknown> } & Record<string, unknown>;
      const item = doc.paths?.[r.path] as Record<string, Op> | undefined;
      const op = item?.[r.method];
      if (!op) throw new Error(`${r.method} ${r.path} missing from the document`);
      expect(Object.keys(op.responses), `${r.method} ${r.path}`).toEqual(
        expect.arrayContaining(["400", "401", "413", "415"]),
      );
      expect(op["x-nura-audit"], `${r.method} ${r.path} must list the audit events it writes`).toBeTruthy();
    }
  });

  it("says a service token is taken exactly where the proxy lets a bearer through", () => {
    const withToken = Object.entries(doc.paths ?? {}).flatMap(([p, item]) =>
      Object.entries(item as Record<string, { security?: Record<string, unknown>[] }>)
        .filter(([, op]) => op.security?.some((s) => "serviceToken" in s))
        .map(([m]) => `${m} ${p}`),
    );
    expect(withToken).toEqual(["post /api/promotions"]);
    for (const entry of withToken) expect(BEARER_PATHS.some((re) => re.test(entry.split(" ")[1]!))).toBe(true);
  });

  it("describes strict bodies: unknown keys are not allowed", () => {
    const sync = doc.paths?.["/api/applications/{app}/{env}/sync"]?.post as {
      requestBody: { content: Record<string, { schema: { additionalProperties?: unknown } }> };
    };
    expect(sync.requestBody.content["application/json"]!.schema.additionalProperties).toBe(false);
  });
});
