import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { environmentScope, parseCatalog } from "@/lib/catalog";
import { ACTIONS, type Action, can, type Principal, primaryRole, ROLES, type Role, rolesIn } from "./roles";

// The matrix's columns, classified by the shipped catalog (config/catalog.yaml), not by this file.
const shipped = parseCatalog(readFileSync("config/catalog.yaml", "utf8"));
const ENVS = (["dev", "staging", "prod"] as const).map((name) => environmentScope(shipped, name));
const who = (role: Role, environment: string | null = null): Principal => ({
  id: role,
  email: `${role}@nura.test`,
  name: role,
  grants: [{ role, environment }],
});

// The whole matrix, written out so a change to the policy shows up as a diff here.
// Columns: dev, staging, prod.
const EXPECTED: Record<Role, Record<Action, [boolean, boolean, boolean]>> = {
  viewer: {
    "portal.view": [true, true, true],
    "audit.read": [false, false, false],
    "audit.export": [false, false, false],
    "audit.verify": [false, false, false],
    "promotion.request": [false, false, false],
    "promotion.approve": [false, false, false],
    "promotion.rollback": [false, false, false],
    "argocd.refresh": [false, false, false],
    "argocd.sync": [false, false, false],
    "infra.plan": [false, false, false],
    "infra.apply": [false, false, false],
    "infra.approve": [false, false, false],
    "infra.unlock": [false, false, false],
    "config.change": [false, false, false],
  },
  developer: {
    "portal.view": [true, true, true],
    "audit.read": [false, false, false],
    "audit.export": [false, false, false],
    "audit.verify": [false, false, false],
    "promotion.request": [true, true, true],
    "promotion.approve": [false, false, false],
    "promotion.rollback": [true, false, false],
    "argocd.refresh": [true, true, true],
    "argocd.sync": [true, false, false],
    "infra.plan": [true, false, false],
    "infra.apply": [true, false, false],
    "infra.approve": [false, false, false],
    "infra.unlock": [false, false, false],
    "config.change": [false, false, false],
  },
  approver: {
    "portal.view": [true, true, true],
    "audit.read": [true, true, true],
    "audit.export": [false, false, false],
    "audit.verify": [false, false, false],
    "promotion.request": [true, true, true],
    "promotion.approve": [true, true, true],
    "promotion.rollback": [true, true, true],
    "argocd.refresh": [true, true, true],
    "argocd.sync": [true, true, true],
    "infra.plan": [true, true, true],
    "infra.apply": [true, false, false],
    "infra.approve": [true, true, true],
    "infra.unlock": [false, false, false],
    "config.change": [false, false, false],
  },
  admin: {
    "portal.view": [true, true, true],
    "audit.read": [true, true, true],
    "audit.export": [true, true, true],
    "audit.verify": [true, true, true],
    "promotion.request": [true, true, true],
    "promotion.approve": [true, true, true],
    "promotion.rollback": [true, true, true],
    "argocd.refresh": [true, true, true],
    "argocd.sync": [true, true, true],
    "infra.plan": [true, true, true],
    "infra.apply": [true, true, true],
    "infra.approve": [true, true, true],
    "infra.unlock": [true, true, true],
    "config.change": [true, true, true],
  },
  auditor: {
    "portal.view": [true, true, true],
    "audit.read": [true, true, true],
    "audit.export": [true, true, true],
    "audit.verify": [true, true, true],
    "promotion.request": [false, false, false],
    "promotion.approve": [false, false, false],
    "promotion.rollback": [false, false, false],
    "argocd.refresh": [false, false, false],
    "argocd.sync": [false, false, false],
    "infra.plan": [false, false, false],
    "infra.apply": [false, false, false],
    "infra.approve": [false, false, false],
    "infra.unlock": [false, false, false],
    "config.change": [false, false, false],
  },
};

describe("permission policy matrix", () => {
  it("covers every role and action", () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...ROLES].sort());
    for (const role of ROLES) expect(Object.keys(EXPECTED[role]).sort()).toEqual([...ACTIONS].sort());
  });

  for (const role of ROLES) {
    for (const action of ACTIONS) {
      ENVS.forEach((env, i) => {
        const expected = EXPECTED[role][action][i];
        it(`${role} ${expected ? "may" : "may not"} ${action} in ${env.name}`, () => {
          expect(can(who(role), action, env)).toBe(expected);
        });
      });
    }
  }
});

describe("environment-scoped grants", () => {
  it("an approver for staging only cannot approve prod", () => {
    const p = who("approver", "staging");
    expect(can(p, "promotion.approve", environmentScope(shipped, "staging"))).toBe(true);
    expect(can(p, "promotion.approve", environmentScope(shipped, "prod"))).toBe(false);
    expect(rolesIn(p, "prod")).toEqual([]);
  });

  it("environment-scoped actions without an environment are refused", () => {
    expect(can(who("admin"), "argocd.sync")).toBe(false);
    expect(can(who("admin"), "config.change")).toBe(true);
  });

  it("no principal, no permission", () => {
    expect(can(null, "portal.view")).toBe(false);
    expect(can({ grants: [] }, "portal.view")).toBe(false);
  });

  it("primary role picks the most privileged grant", () => {
    expect(
      primaryRole({
        grants: [
          { role: "developer", environment: null },
          { role: "approver", environment: "prod" },
        ],
      }),
    ).toBe("approver");
    expect(primaryRole({ grants: [] })).toBe("viewer");
  });
});

describe("protected environments come from the catalog (issue 14 item 10)", () => {
  // A catalog that calls its open environment "prod" and protects one named "qa": a policy that still
  // knows environments by name gets both wrong.
  const renamed = parseCatalog(`
environments:
  - { name: prod, displayName: P, namespace: p, eksCluster: p, awsRegion: eu-west-1, approvalsRequired: 0, autoSync: true, grafanaDashboardUid: d }
  - { name: qa, displayName: Q, namespace: q, eksCluster: q, awsRegion: eu-west-1, approvalsRequired: 1, protected: true, autoSync: false, grafanaDashboardUid: d }
promotionPath: [prod, qa]
applications:
  - { name: core, chartPath: c, valuesFiles: { prod: a.yaml, qa: b.yaml }, imageTagPath: image.tag, argocdApps: { prod: a, qa: b } }
`);
  const developer = who("developer");

  it("follows the catalog's protected flag, whatever the environment is called", () => {
    for (const action of ["argocd.sync", "promotion.rollback", "infra.plan", "infra.apply"] as const) {
      expect(can(developer, action, environmentScope(renamed, "prod")), `${action} in open "prod"`).toBe(true);
      expect(can(developer, action, environmentScope(renamed, "qa")), `${action} in protected "qa"`).toBe(false);
      expect(can(who("approver"), "argocd.sync", environmentScope(renamed, "qa"))).toBe(true);
    }
  });

  it("treats an environment the catalog does not know as protected", () => {
    expect(environmentScope(renamed, "staging")).toEqual({ name: "staging", protected: true });
    expect(can(developer, "argocd.sync", environmentScope(renamed, "staging"))).toBe(false);
  });

  it("no source file keeps its own list of environment names", () => {
    // A literal list made only of the shipped catalog's environment names (["staging", "prod"],
    // new Set(["prod"])) is a policy that ignores the catalog. There are no known exceptions left: the
    // protection, four-eyes and strict-plan rules and the sandbox page's picker all read the catalog.
    const names = shipped.environments.map((e) => e.name).join("|");
    const list = new RegExp(`\\[\\s*(["'](${names})["']\\s*,?\\s*)+\\]`);
    const offenders = sources(["lib", "app", "components"]).filter((f) => list.test(readFileSync(f, "utf8")));
    expect(offenders).toEqual([]);
    expect(readFileSync("lib/domain/roles.ts", "utf8")).not.toMatch(new RegExp(`["'](${names})["']`));
  });
});

function sources(roots: string[]): string[] {
  return roots.flatMap((root) =>
    readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile() && /\.tsx?$/.test(d.name) && !/\.(test|integration-test)\.tsx?$/.test(d.name))
      .map((d) => `${d.parentPath}/${d.name}`),
  );
}
