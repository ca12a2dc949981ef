import { describe, expect, it } from "vitest";
import { z } from "zod";
import { type FetchLike, requestJson } from "./http-json";

function recorder() {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch: FetchLike = async (url, init = {}) => {
    calls.push({ url, init });
    return new Response("{}", { status: 200, headers: { "content-type": "application/json" } });
  };
  return { calls, fetch };
}

const headersOf = (init: RequestInit) => new Headers(init.headers);

describe("requestJson", () => {
  it("sends exactly application/json on every non-GET, with a body or without (argocd-server: 415 otherwise)", async () => {
    const { calls, fetch } = recorder();
    const cfg = { baseUrl: "http://argocd.test/", token: "t", fetch };
    const base = { system: "argocd", schema: z.object({}) };
    await requestJson(cfg, {
      ...base,
      operation: "terminate",
      path: "/api/v1/applications/a/operation",
      method: "DELETE",
    });
    await requestJson(cfg, { ...base, operation: "post", path: "/p", method: "POST" });
    await requestJson(cfg, { ...base, operation: "sync", path: "/s", method: "POST", body: { prune: false } });
    await requestJson(cfg, { ...base, operation: "get", path: "/g" });
    const types = calls.map((c) => headersOf(c.init).get("content-type"));
    expect(types).toEqual(["application/json", "application/json", "application/json", null]);
    expect(calls[0]!.url).toBe("http://argocd.test/api/v1/applications/a/operation");
    expect(calls[0]!.init.body).toBeUndefined();
    expect(calls[2]!.init.body).toBe('{"prune":false}');
    expect(headersOf(calls[3]!.init).get("authorization")).toBe("Bearer t");
  });
});
