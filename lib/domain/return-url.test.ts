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
  ])("rejects %s", (raw) => {
    expect(safeReturnUrl(raw as string | null, ORIGIN)).toBe("/");
  });
});
