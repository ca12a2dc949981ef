// The overview route's first-load JS, gzipped: the root main files plus the entry chunks of
// app/layout, app/(portal)/layout and app/(portal)/page from the production build's manifests
// (polyfills are nomodule and skipped by modern browsers; lazy chunks such as Recharts are not
// first-load). Requires `next build` (make build).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

export interface FirstLoad {
  files: { file: string; gzipBytes: number }[];
  totalGzipBytes: number;
}

export function firstLoadJs(nextDir = ".next", route = "/(portal)/page"): FirstLoad {
  const segment = route.replace(/^\//, "");
  const build = JSON.parse(readFileSync(join(nextDir, "server/app", segment, "build-manifest.json"), "utf8")) as {
    rootMainFiles: string[];
  };
  const g = globalThis as unknown as {
    self?: unknown;
    __RSC_MANIFEST?: Record<string, { entryJSFiles: Record<string, string[]> }>;
  };
  g.self ??= globalThis;
  createRequire(import.meta.url)(join(process.cwd(), nextDir, "server/app", `${segment}_client-reference-manifest.js`));
  const rsc = g.__RSC_MANIFEST?.[route];
  if (!rsc) throw new Error(`no client reference manifest for ${route}: run next build first`);
  const parts = route.split("/").filter(Boolean); // ["(portal)", "page"]
  const entries = ["[project]/app/layout"];
  for (let i = 1; i < parts.length; i++) entries.push(`[project]/app/${parts.slice(0, i).join("/")}/layout`);
  entries.push(`[project]/app/${parts.join("/")}`);
  const files = new Set(build.rootMainFiles);
  for (const e of entries) for (const f of rsc.entryJSFiles[e] ?? []) files.add(f);
  const out = [...files].map((file) => ({ file, gzipBytes: gzipSync(readFileSync(join(nextDir, file))).length }));
  return { files: out, totalGzipBytes: out.reduce((n, f) => n + f.gzipBytes, 0) };
}
