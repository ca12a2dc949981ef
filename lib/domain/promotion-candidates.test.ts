import { describe, expect, it } from "vitest";
import { compareTags, promotionCandidate, requestPromotionHref } from "./promotion-candidates";

describe("compareTags", () => {
  it.each([
    ["1.10.0", "1.9.3", 1],
    ["1.4.2", "1.4.2", 0],
    ["v1.4.2", "1.4.2", 0],
    ["1.4.2", "1.4.2-rc1", 1],
    ["1.4.2-rc1", "1.4.2-rc2", -1],
    ["1.5.0-bad", "1.4.2", 1],
    ["2.0.0", "10.0.0", -1],
  ])("%s vs %s → %d", (a, b, r) => {
    expect(compareTags(a, b)).toBe(r);
    expect(compareTags(b, a)).toBe(-r || 0);
  });
});

describe("promotionCandidate", () => {
  const path = ["dev", "staging", "prod"];
  const tags: Record<string, string | null> = { dev: "1.5.0", staging: "1.4.2", prod: "1.4.2" };
  const tagOf = (e: string) => tags[e] ?? null;

  it("the environment after a newer one is behind it", () => {
    expect(promotionCandidate(path, "staging", tagOf)).toEqual({
      fromEnvironment: "dev",
      toEnvironment: "staging",
      imageTag: "1.5.0",
    });
  });

  it("same tag, the first environment, an unknown tag or a newer target are not behind", () => {
    expect(promotionCandidate(path, "prod", tagOf)).toBeNull();
    expect(promotionCandidate(path, "dev", tagOf)).toBeNull();
    expect(promotionCandidate(path, "staging", (e) => (e === "dev" ? null : "1.0.0"))).toBeNull();
    expect(promotionCandidate(path, "staging", (e) => (e === "dev" ? "1.0.0" : "1.1.0"))).toBeNull();
    expect(promotionCandidate(path, "qa", tagOf)).toBeNull();
  });

  it("links to the request page", () => {
    expect(requestPromotionHref("nura-core", { toEnvironment: "prod" })).toBe("/promotions/new?app=nura-core&to=prod");
  });
});
