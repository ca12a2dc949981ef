import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { nextEnvironment, parseCatalog } from "./catalog";

const shipped = readFileSync("config/catalog.yaml", "utf8");

describe("catalog", () => {
  it("the shipped catalog is valid: 3 environments, promotion path dev → staging → prod", () => {
    const c = parseCatalog(shipped);
    expect(c.environments.map((e) => e.name)).toEqual(["dev", "staging", "prod"]);
    expect(nextEnvironment(c, "dev")).toBe("staging");
    expect(nextEnvironment(c, "prod")).toBeUndefined();
    expect(c.environments.find((e) => e.name === "prod")?.approvalsRequired).toBeGreaterThanOrEqual(2);
  });

  it("names a missing values file for an environment", () => {
    const broken = shipped.replace("      prod: helm/nura-ui/values-prod.yaml\n", "");
    expect(() => parseCatalog(broken, "catalog.yaml")).toThrow(
      /applications\.1\.valuesFiles\.prod: missing for environment "prod"/,
    );
  });

  it("names an unknown environment in the promotion path", () => {
    expect(() =>
      parseCatalog(shipped.replace("promotionPath: [dev, staging, prod]", "promotionPath: [dev, qa]")),
    ).toThrow(/promotionPath\.1: unknown environment "qa"/);
  });

  it("rejects a bad value with the key and the reason", () => {
    expect(() => parseCatalog(shipped.replace("approvalsRequired: 2", "approvalsRequired: -1"))).toThrow(
      /environments\.2\.approvalsRequired/,
    );
    expect(() => parseCatalog("environments: [")).toThrow(/not valid YAML/);
  });
});
