import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { environmentScope, nextEnvironment, parseCatalog, planRulesOf } from "./catalog";

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

  it("carries the promotion policy: prod soaks, verifies tighter; keys absent from an environment take defaults", () => {
    const c = parseCatalog(shipped);
    const prod = c.environments.find((e) => e.name === "prod")!;
    expect(prod.minSoakMinutes).toBeGreaterThan(0);
    expect(prod.freezeWindows).toEqual([]);
    expect(prod.verification.maxErrorRatio).toBeLessThanOrEqual(0.05);
    const dev = c.environments.find((e) => e.name === "dev")!;
    expect(dev).toMatchObject({
      minSoakMinutes: 0,
      approvalTtlMinutes: 1440,
      requestTtlMinutes: 4320,
      freezeWindows: [],
      verification: { windowMinutes: 5, maxErrorRatio: 0.05, maxP95Ms: 1000 },
    });
  });

  it("validates freeze windows and names what is wrong in one", () => {
    const frozen = (window: string) =>
      shipped.replace("    freezeWindows: []\n", `    freezeWindows:\n      - ${window}\n`);
    const ok = parseCatalog(
      frozen('{ name: weekend, timeZone: Europe/Berlin, weekly: { from: "Fri 16:00", to: "Mon 08:00" } }'),
    );
    expect(ok.environments[2]!.freezeWindows).toEqual([
      { name: "weekend", reason: "", timeZone: "Europe/Berlin", weekly: { from: "Fri 16:00", to: "Mon 08:00" } },
    ]);
    expect(() =>
      parseCatalog(
        frozen('{ name: weekend, timeZone: Europe/Bärlin, weekly: { from: "Fri 16:00", to: "Mon 08:00" } }'),
      ),
    ).toThrow(/environments\.2\.freezeWindows\.0\.timeZone: must be an IANA time zone/);
    expect(() => parseCatalog(shipped.replace("maxErrorRatio: 0.02", "maxErrorRatio: 2"))).toThrow(
      /environments\.2\.verification\.maxErrorRatio/,
    );
    expect(() => parseCatalog(shipped.replace("minSoakMinutes: 5", "minSoakMinutes: -5"))).toThrow(
      /environments\.2\.minSoakMinutes/,
    );
  });

  it("says which environments are protected: explicit in the shipped file, else from approvalsRequired", () => {
    const c = parseCatalog(shipped);
    expect(c.environments.map((e) => [e.name, e.protected])).toEqual([
      ["dev", false],
      ["staging", true],
      ["prod", true],
    ]);
    const implicit = parseCatalog(shipped.replace(/^ {4}protected: (true|false)\n/gm, ""));
    expect(implicit.environments.map((e) => e.protected)).toEqual([false, true, true]);
    const openStaging = parseCatalog(
      shipped.replace("approvalsRequired: 1\n    protected: true", "approvalsRequired: 1\n    protected: false"),
    );
    expect(environmentScope(openStaging, "staging")).toEqual({ name: "staging", protected: false });
    expect(environmentScope(c, "nowhere")).toEqual({ name: "nowhere", protected: true });
  });

  it("refuses a protected environment with nobody to approve, and a non-boolean flag", () => {
    expect(() => parseCatalog(shipped.replace("protected: false", "protected: true"))).toThrow(
      /environments\.0\.protected: a protected environment needs approvalsRequired ≥ 1/,
    );
    expect(() => parseCatalog(shipped.replace("protected: false", "protected: maybe"))).toThrow(
      /environments\.0\.protected/,
    );
  });
});

describe("plan rules per environment (fourEyesPlans, strictPlanReview)", () => {
  it("are explicit in the shipped file, else true exactly when approvalsRequired ≥ 2", () => {
    const rules = (c: ReturnType<typeof parseCatalog>) =>
      c.environments.map((e) => [e.name, e.fourEyesPlans, e.strictPlanReview]);
    const expected = [
      ["dev", false, false],
      ["staging", false, false],
      ["prod", true, true],
    ];
    expect(rules(parseCatalog(shipped))).toEqual(expected);
    const implicit = parseCatalog(shipped.replace(/^ {4}(fourEyesPlans|strictPlanReview): (true|false)\n/gm, ""));
    expect(rules(implicit)).toEqual(expected);
  });

  it("come from the catalog, not the names: a catalog whose strict environment is called live", () => {
    const renamed = parseCatalog(
      shipped
        .replace(/\bprod\b/g, "live")
        .replace(
          "approvalsRequired: 1\n    protected: true\n    fourEyesPlans: false",
          "approvalsRequired: 1\n    protected: true\n    fourEyesPlans: true",
        ),
    );
    expect(planRulesOf(renamed, "live")).toEqual({ name: "live", fourEyesPlans: true, strictPlanReview: true });
    expect(planRulesOf(renamed, "staging")).toEqual({ name: "staging", fourEyesPlans: true, strictPlanReview: false });
    // "prod" is not in this catalog: unknown names get the strict rules.
    expect(planRulesOf(renamed, "prod")).toEqual({ name: "prod", fourEyesPlans: true, strictPlanReview: true });
    expect(planRulesOf(parseCatalog(shipped), "dev")).toEqual({
      name: "dev",
      fourEyesPlans: false,
      strictPlanReview: false,
    });
  });

  it("refuses either rule in an environment that is not protected, naming the key", () => {
    for (const key of ["fourEyesPlans", "strictPlanReview"]) {
      // The first `key: false` is dev's (protected: false).
      expect(() => parseCatalog(shipped.replace(`${key}: false`, `${key}: true`))).toThrow(
        new RegExp(`environments\\.0\\.${key}: ${key} needs a protected environment`),
      );
      expect(() => parseCatalog(shipped.replace(`${key}: true`, `${key}: yes please`))).toThrow(
        new RegExp(`environments\\.2\\.${key}`),
      );
    }
  });
});

describe("the Playwright suite's catalog (e2e/catalog.yaml)", () => {
  it("is the shipped catalog with only the soak and verification windows shortened", () => {
    const e2e = parseCatalog(readFileSync("e2e/catalog.yaml", "utf8"), "e2e/catalog.yaml");
    const real = parseCatalog(shipped, "config/catalog.yaml");
    const windowsOnly = (c: typeof real) => ({
      ...c,
      environments: c.environments.map(({ minSoakMinutes: _s, verification, ...env }) => ({
        ...env,
        verification: { ...verification, windowMinutes: 0 },
      })),
    });
    expect(windowsOnly(e2e)).toEqual(windowsOnly(real));
    expect(e2e.environments.map((e) => [e.name, e.minSoakMinutes, e.verification.windowMinutes])).toEqual([
      ["dev", 0, 5], // dev is never a promotion target: its default window is unused
      ["staging", 0, 1],
      ["prod", 1, 1],
    ]);
  });
});
