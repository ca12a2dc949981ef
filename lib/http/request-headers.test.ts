// The class "a handler reads a client header and writes it somewhere unnormalised" is closed by
// having one reader: this test fails when any other source file names those headers.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const OWNER = "lib/http/request-context.ts";
const HEADERS = /["'`](x-request-id|x-forwarded-for|x-real-ip|user-agent)["'`]/i;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (name === "generated" || name === "node_modules") return [];
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

describe("identifying request headers", () => {
  it("are read only by the request-context module", () => {
    const sources = [...walk("app"), ...walk("lib"), ...walk("components"), "proxy.ts"].filter(
      (f) => /\.(ts|tsx)$/.test(f) && !/\.test\.ts$/.test(f),
    );
    const readers = sources.filter((f) => f !== OWNER && HEADERS.test(readFileSync(f, "utf8")));
    // Writing the normalised id back onto a response is allowed: only .get()/[] reads are not.
    const reading = readers.filter((f) =>
      /(headers\.get|headers\(\)\.get|\.get)\(\s*["'`](x-request-id|x-forwarded-for|x-real-ip|user-agent)/i.test(
        readFileSync(f, "utf8"),
      ),
    );
    expect(reading).toEqual([]);
  });
});
