import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, decideAccess, type GateInput } from "./access-gate";

const base: GateInput = {
  method: "GET",
  pathname: "/",
  search: "",
  portalOrigin: "http://localhost:3000",
  originHeader: null,
  secFetchSite: null,
  signedIn: false,
};

describe("access gate", () => {
  it("sends an unauthenticated page to /login with its return URL", () => {
    expect(decideAccess({ ...base, pathname: "/promotions/42", search: "?approve=1" })).toEqual({
      kind: "redirect-login",
      location: "/login?callbackUrl=%2Fpromotions%2F42%3Fapprove%3D1",
    });
  });

  it("answers an unauthenticated API call with 401", () => {
    expect(decideAccess({ ...base, pathname: "/api/overview" })).toEqual({ kind: "unauthorized" });
  });

  it.each(["/login", "/api/auth/session", "/api/health", "/api/ready", "/api/metrics", "/api/openapi.json"])(
    "lets %s through",
    (p) => {
      expect(decideAccess({ ...base, pathname: p })).toEqual({ kind: "pass" });
    },
  );

  it.each(["/api/applications/%E0%A4%A/dev", "/api/applications/nura-core/%", "/environments/%zz"])(
    "refuses the undecodable path %s with 400, signed in or not",
    (p) => {
      for (const signedIn of [false, true]) {
        expect(decideAccess({ ...base, pathname: p, signedIn })).toMatchObject({
          kind: "bad-request",
          message: expect.stringMatching(/is not valid percent-encoding/),
        });
      }
    },
  );

  it("lets well-formed escapes through", () => {
    expect(decideAccess({ ...base, pathname: "/api/applications/..%2F..%2Fetc/dev", signedIn: true })).toEqual({
      kind: "pass",
    });
  });

  it("lets a Bearer token through to POST /api/promotions only (the route checks the token)", () => {
    const ci = { ...base, method: "POST", pathname: "/api/promotions", bearer: true };
    expect(decideAccess(ci)).toEqual({ kind: "pass" });
    expect(decideAccess({ ...ci, bearer: false })).toEqual({ kind: "unauthorized" });
    expect(decideAccess({ ...ci, pathname: "/api/promotions/1/approve" })).toEqual({ kind: "unauthorized" });
    expect(decideAccess({ ...ci, pathname: "/api/overview", method: "GET" })).toEqual({ kind: "unauthorized" });
    expect(decideAccess({ ...ci, originHeader: "https://evil.example" })).toMatchObject({ kind: "forbidden-origin" });
  });

  it("lets signed-in users through", () => {
    expect(decideAccess({ ...base, pathname: "/audit", signedIn: true })).toEqual({ kind: "pass" });
  });

  it("refuses a mutating request from another origin, even when signed in", () => {
    const d = decideAccess({
      ...base,
      method: "POST",
      pathname: "/api/promotions",
      originHeader: "https://evil.example",
      signedIn: true,
    });
    expect(d.kind).toBe("forbidden-origin");
  });

  it("refuses a cross-site mutating request without an Origin header", () => {
    expect(decideAccess({ ...base, method: "DELETE", secFetchSite: "cross-site", signedIn: true }).kind).toBe(
      "forbidden-origin",
    );
  });

  it("accepts same-origin mutations and cross-origin reads", () => {
    expect(decideAccess({ ...base, method: "POST", originHeader: "http://localhost:3000", signedIn: true }).kind).toBe(
      "pass",
    );
    expect(decideAccess({ ...base, originHeader: "https://evil.example", signedIn: true }).kind).toBe("pass");
  });

  it("CSP forbids framing and pins scripts to the nonce", () => {
    const csp = contentSecurityPolicy("abc", { dev: false, https: true });
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("'nonce-abc'");
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).toContain("upgrade-insecure-requests");
    expect(contentSecurityPolicy("abc", { dev: true, https: false })).not.toContain("upgrade-insecure-requests");
  });
});
