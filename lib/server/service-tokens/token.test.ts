import { describe, expect, it } from "vitest";
import { bearerToken, hashToken, looksLikeToken, newTokenSecret, sameHash, tokenPrefix } from "./token";

describe("service token secrets", () => {
  it("are random, recognisable and hashed with sha256", () => {
    const a = newTokenSecret();
    const b = newTokenSecret();
    expect(a).not.toBe(b);
    expect(looksLikeToken(a)).toBe(true);
    expect(looksLikeToken(`${a}x`)).toBe(false);
    expect(looksLikeToken("nura_ci_short")).toBe(false);
    expect(hashToken("nura_ci_x")).toBe("420ff955d240945e6afd56637fb638f828c7cd1cb421f76fd2abb74eae5ff06a"); // sha256, computed independently
    expect(hashToken(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(a)).not.toContain(a.slice(8));
    expect(tokenPrefix(a)).toBe(a.slice(0, 14));
  });

  it("compares digests in constant time and refuses different lengths", () => {
    const h = hashToken(newTokenSecret());
    expect(sameHash(h, h)).toBe(true);
    expect(sameHash(h, hashToken(newTokenSecret()))).toBe(false);
    expect(sameHash(h, h.slice(0, 10))).toBe(false);
  });

  it("reads only Bearer authorization headers", () => {
    expect(bearerToken("Bearer abc")).toBe("abc");
    expect(bearerToken("bearer   abc  ")).toBe("abc");
    expect(bearerToken("Basic abc")).toBeNull();
    expect(bearerToken("Bearer")).toBeNull();
    expect(bearerToken("Bearer a b")).toBeNull();
    expect(bearerToken(null)).toBeNull();
  });
});
