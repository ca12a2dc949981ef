import { describe, expect, it } from "vitest";
import {
  clientIpFrom,
  contextFromHeaders,
  MAX_USER_AGENT_LENGTH,
  normaliseRequestId,
  normaliseUserAgent,
  requestContext,
  trustedProxies,
} from "./request-context";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("request id", () => {
  it("keeps a short, well-formed client id", () => {
    expect(normaliseRequestId("it-sync-1")).toBe("it-sync-1");
    expect(normaliseRequestId("a".repeat(64))).toBe("a".repeat(64));
    expect(normaliseRequestId("trace:9f.2_a-b")).toBe("trace:9f.2_a-b");
  });

  it("replaces a missing, long or odd id with a fresh UUID", () => {
    for (const bad of [
      null,
      undefined,
      "",
      "a".repeat(65),
      "x".repeat(201),
      "a b",
      "<script>",
      "é",
      "a\u0000b",
      "a,b",
    ]) {
      expect(normaliseRequestId(bad)).toMatch(UUID);
    }
    expect(normaliseRequestId(null)).not.toBe(normaliseRequestId(null));
  });
});

describe("client IP", () => {
  const none = trustedProxies("");
  const ingress = trustedProxies("10.0.0.0/8, fd00::/8");

  it("believes X-Forwarded-For only through the configured proxies", () => {
    // Behind the ingress: the client's own entries to the left of the ingress's are ignored.
    expect(clientIpFrom("6.6.6.6, 203.0.113.9, 10.1.2.3", ingress)).toBe("203.0.113.9");
    expect(clientIpFrom("203.0.113.9, 10.1.2.3, 10.9.9.9", ingress)).toBe("203.0.113.9");
    // No trusted proxy: only the nearest entry counts.
    expect(clientIpFrom("6.6.6.6, 203.0.113.9", none)).toBe("203.0.113.9");
    // Every hop trusted: the leftmost is the client.
    expect(clientIpFrom("10.0.0.7, 10.1.2.3", ingress)).toBe("10.0.0.7");
  });

  it("normalises ports, brackets and IPv4-mapped IPv6", () => {
    expect(clientIpFrom("203.0.113.9:52100", none)).toBe("203.0.113.9");
    expect(clientIpFrom("[2001:DB8::1]:443", none)).toBe("2001:db8::1");
    expect(clientIpFrom("::ffff:127.0.0.1", none)).toBe("127.0.0.1");
  });

  it("answers null for anything that is not an address, never the raw text", () => {
    expect(clientIpFrom(null, none)).toBeNull();
    expect(clientIpFrom("x".repeat(101), none)).toBeNull();
    expect(clientIpFrom(`${"1.2.3.4, ".repeat(400)}1.2.3.4`, none)).toBeNull();
    expect(clientIpFrom("unknown", none)).toBeNull();
    expect(clientIpFrom("203.0.113.9, not-an-ip, 10.1.2.3", ingress)).toBeNull();
  });
});

describe("user agent", () => {
  it("truncates and removes control characters", () => {
    expect(normaliseUserAgent("curl/8\u0000\u0007")).toBe("curl/8");
    expect(normaliseUserAgent("x".repeat(5000))).toHaveLength(MAX_USER_AGENT_LENGTH);
    expect(normaliseUserAgent("  ")).toBeNull();
    expect(normaliseUserAgent("a\ud800b")).toBe("ab");
  });
});

describe("requestContext", () => {
  it("is computed once per request, so every reader sees the same generated id", () => {
    const r = new Request("http://portal.test/api/x", { headers: { "x-request-id": "y".repeat(201) } });
    const a = requestContext(r);
    expect(a.requestId).toMatch(UUID);
    expect(requestContext(r)).toBe(a);
  });

  it("builds every field from hostile headers without throwing", () => {
    const h = new Headers({
      "x-request-id": "z".repeat(201),
      "x-forwarded-for": "9".repeat(150),
      "user-agent": "u".repeat(3000),
    });
    const ctx = contextFromHeaders(h, trustedProxies(""));
    expect(ctx.requestId).toMatch(UUID);
    expect(ctx.clientIp).toBeNull();
    expect(ctx.userAgent).toHaveLength(MAX_USER_AGENT_LENGTH);
  });
});
