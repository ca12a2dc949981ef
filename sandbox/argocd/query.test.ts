import { describe, expect, it } from "vitest";
import { matchesSelector, parseSelector, projectItems, SelectorError } from "./query";

describe("matchesSelector", () => {
  const labels = { env: "prod", app: "nura-core" };
  it.each([
    ["", true],
    ["env=prod", true],
    ["env==prod,app=nura-core", true],
    ["env!=prod", false],
    ["env in (dev,prod)", true],
    ["env notin (dev,prod)", false],
    ["app in (nura-ui), env=prod", false],
    ["env", true],
    ["!env", false],
    ["missing", false],
    ["nura.io/environment=prod", false],
  ])("%s → %s", (selector, expected) => {
    expect(matchesSelector(labels, selector)).toBe(expected);
  });

  it.each(["env in (dev", "env=pro d", "env=a,,app=b", "env=a,", "-bad-key=x", "env=-x", "env>abc", "a b"])(
    "refuses %s as labels.Parse does",
    (selector) => {
      expect(() => parseSelector(selector)).toThrow(SelectorError);
    },
  );
});

describe("projectItems", () => {
  const item = {
    metadata: { name: "a", uid: "u" },
    spec: { project: "p" },
    status: { history: [1], sync: { status: "Synced", comparedTo: {} } },
  };
  it("keeps only whitelisted paths; status.history cannot be projected", () => {
    expect(projectItems([item], "items.metadata.name,items.status.history,items.status.sync.status")).toEqual([
      { metadata: { name: "a" }, status: { sync: { status: "Synced" } } },
    ]);
  });
  it("drops listed paths when the list starts with '-'", () => {
    expect(projectItems([item], "-items.status,-items.metadata.uid")).toEqual([
      { metadata: { name: "a" }, spec: { project: "p" } },
    ]);
  });
  it("returns undefined without a projection", () => {
    expect(projectItems([item], null)).toBeUndefined();
  });
});
