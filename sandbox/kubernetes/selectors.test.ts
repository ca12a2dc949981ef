import { describe, expect, it } from "vitest";
import { fieldsMatch, labelsMatch, parseFieldSelector, parseLabelSelector, SelectorError } from "./selectors";

const labels = { app: "nura-ui", "app.kubernetes.io/name": "nura-ui", tier: "web", rank: "3" };

describe("parseLabelSelector", () => {
  it.each([
    ["", true],
    ["app=nura-ui", true],
    ["app==nura-ui,tier", true],
    ["app!=nura-core", true],
    ["app.kubernetes.io/name in (nura-ui, nura-core)", true],
    ["app notin (nura-ui)", false],
    ["!missing,tier", true],
    ["!tier", false],
    ["rank>2,rank<4", true],
    ["rank>3", false],
    ["app=", false],
  ])("%s matches: %s", (selector, expected) => {
    expect(labelsMatch(labels, parseLabelSelector(selector))).toBe(expected);
  });

  it.each([
    "app in (nura-ui",
    "app==x==y",
    "-bad-key=v",
    "app=bad value",
    "app in nura-ui",
    "app=-x",
    "rank>high",
    "a/b/c=x",
    ",",
  ])("refuses %s as the API server does", (selector) => {
    expect(() => parseLabelSelector(selector)).toThrow(SelectorError);
  });
});

describe("parseFieldSelector", () => {
  const pod = { metadata: { name: "p1", namespace: "nura-dev" }, status: { phase: "Running" } };

  it("matches supported fields with =, == and !=", () => {
    expect(fieldsMatch(pod, parseFieldSelector("metadata.name=p1,status.phase==Running", "pods"))).toBe(true);
    expect(fieldsMatch(pod, parseFieldSelector("status.phase!=Running", "pods"))).toBe(false);
  });

  it.each([
    ["spec.noSuchField=x", "pods", "field label not supported: spec.noSuchField"],
    ["status.phase=Running", "deployments", "field label not supported: status.phase"],
    ["status.phase", "pods", "can't understand 'status.phase'"],
  ])("refuses %s on %s", (selector, kind, message) => {
    expect(() => parseFieldSelector(selector, kind)).toThrow(message);
  });
});
