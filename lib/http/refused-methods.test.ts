import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installRefusedMethods } from "./refused-methods";

// A real Node server with the patch installed after it was created, as Next's is.
class TestServer extends http.Server {}
let server: TestServer;
let base: string;
const seen: string[] = [];

beforeAll(async () => {
  server = new TestServer((req, res) => {
    seen.push(req.method ?? "");
    res.end("handled");
  });
  installRefusedMethods(TestServer);
  installRefusedMethods(TestServer); // twice is once
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

function raw(method: string): Promise<{ status: number; body: string; allow?: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}/api/health`, { method }, (res) => {
      let body = "";
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body, allow: res.headers.allow }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("refused methods", () => {
  it("answers TRACE with 405 and the error body, never reaching the handler", async () => {
    const r = await raw("TRACE");
    expect(r.status).toBe(405);
    expect(JSON.parse(r.body)).toEqual({
      error: "method_not_allowed",
      message: "TRACE is not supported by the portal",
    });
    expect(r.allow).toContain("GET");
    expect(seen).not.toContain("TRACE");
  });

  it("hands every other method to the handler untouched", async () => {
    for (const m of ["GET", "POST", "DELETE", "OPTIONS"]) {
      const r = await raw(m);
      expect([m, r.status, r.body]).toEqual([m, 200, "handled"]);
    }
    expect(seen).toEqual(["GET", "POST", "DELETE", "OPTIONS"]);
  });
});
