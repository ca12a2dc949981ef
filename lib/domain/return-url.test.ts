import { describe, expect, it } from "vitest";
import { safeReturnUrl } from "./return-url";

const ORIGIN = "https://portal.nura.dev";

describe("safeReturnUrl", () => {
  it.each([
    ["/promotions/123?approve=1", "/promotions/123?approve=1"],
    ["/environments/prod#apps", "/environments/prod#apps"],
    [`${ORIGIN}/infrastructure/runs/9`, "/infrastructure/runs/9"],
  ])("keeps same-site path %s", (raw, expected) => {
    expect(safeReturnUrl(raw, ORIGIN)).toBe(expected);
  });

  it.each([
    "https://evil.example/phish",
    "//evil.example/phish",
    "/\\evil.example",
    "javascript:alert(1)",
    "http://portal.nura.dev/downgrade",
    "/login?callbackUrl=/x",
    "/api/auth/signout",
    "",
    null,
    // Each normalises to "//evil.example": the result is checked, not the input.
    "/.//evil.example",
    "/%2e//evil.example",
    "/%2E//evil.example/x",
    "/./\\evil.example",
    "/.\\/evil.example",
    "/a/..//evil.example",
    "\\evil.example",
    "/\t/evil.example",
    `${ORIGIN}//evil.example`,
    `${ORIGIN}.evil.example/x`,
    "/login",
  ])("rejects %s", (raw) => {
    expect(safeReturnUrl(raw as string | null, ORIGIN)).toBe("/");
  });

  it("takes nothing but a single string (a repeated callbackUrl arrives as an array)", () => {
    expect(safeReturnUrl(["/a", "/b"], ORIGIN)).toBe("/");
    expect(safeReturnUrl({ toString: () => "/a" }, ORIGIN)).toBe("/");
    expect(safeReturnUrl(42, ORIGIN)).toBe("/");
  });

  it("never returns a value a browser would send off-site", () => {
    const tricky = ["/.//x", "/%2e%2e//x", "/..//x", "/./\\x", "/%5c/x", "/%2f/x", "/#//x", "/?//x", "///x"];
    for (const raw of tricky) {
      const out = safeReturnUrl(raw, ORIGIN);
      expect(new URL(out, ORIGIN).origin, raw).toBe(ORIGIN);
      expect(out.startsWith("//"), raw).toBe(false);
    }
  });
});
