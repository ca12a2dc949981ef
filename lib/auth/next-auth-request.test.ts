import { describe, expect, it } from "vitest";
import { checkAuthRequest } from "./next-auth-request";

const base = {
  method: "POST",
  segments: ["callback", "sandbox"],
  contentType: "application/x-www-form-urlencoded",
  bodyBytes: 80,
  credentialsProviders: new Set(["sandbox"]),
};

describe("checkAuthRequest", () => {
  it("lets next-auth's own requests through", () => {
    expect(checkAuthRequest(base)).toBeNull();
    expect(checkAuthRequest({ ...base, method: "GET", segments: ["session"], bodyBytes: 0 })).toBeNull();
    expect(checkAuthRequest({ ...base, method: "GET", segments: ["callback", "oidc"], bodyBytes: 0 })).toBeNull();
    expect(checkAuthRequest({ ...base, segments: ["signout"], bodyBytes: 0, contentType: null })).toBeNull();
  });

  it("refuses a JSON (or any non-form) body with 415: next-auth would throw on malformed JSON", () => {
    expect(checkAuthRequest({ ...base, contentType: "application/json" })).toMatchObject({ status: 415 });
    expect(checkAuthRequest({ ...base, contentType: "text/plain" })).toMatchObject({ status: 415 });
    expect(checkAuthRequest({ ...base, contentType: null })).toMatchObject({ status: 415 });
  });

  it("refuses a large body with 413", () => {
    expect(checkAuthRequest({ ...base, bodyBytes: 1_000_000 })).toMatchObject({ status: 413 });
  });

  it("refuses GET on a credentials provider's callback with 405", () => {
    expect(checkAuthRequest({ ...base, method: "GET", segments: ["callback", "sandbox"], bodyBytes: 0 })).toMatchObject(
      {
        status: 405,
      },
    );
  });

  it("has no _log endpoint, and unknown actions or methods are 404/405", () => {
    expect(checkAuthRequest({ ...base, segments: ["_log"] })).toMatchObject({ status: 404 });
    expect(checkAuthRequest({ ...base, segments: ["nope"] })).toMatchObject({ status: 404 });
    expect(checkAuthRequest({ ...base, method: "POST", segments: ["providers"] })).toMatchObject({ status: 405 });
    expect(checkAuthRequest({ ...base, method: "DELETE", segments: ["session"] })).toMatchObject({ status: 405 });
    expect(checkAuthRequest({ ...base, segments: ["callback", "sandbox", "x"] })).toMatchObject({ status: 404 });
  });

  it("refuses a NUL in a query or form field with 400 naming the field", () => {
    expect(checkAuthRequest({ ...base, fields: [["email", "a\u0000b@nura.local"]] })).toEqual({
      status: 400,
      message: "email: must not contain NUL characters",
    });
    expect(
      checkAuthRequest({ ...base, method: "GET", segments: ["error"], bodyBytes: 0, fields: [["error", "\u0000"]] }),
    ).toMatchObject({ status: 400, message: "error: must not contain NUL characters" });
    expect(checkAuthRequest({ ...base, fields: [["email", "dana@nura.local"]] })).toBeNull();
  });
});
