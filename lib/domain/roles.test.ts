import { describe, expect, it } from "vitest";
import { ACTIONS, type Action, can, type Principal, primaryRole, ROLES, type Role, rolesIn } from "./roles";

const ENVS = ["dev", "staging", "prod"] as const;
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
        it(`${role} ${expected ? "may" : "may not"} ${action} in ${env}`, () => {
          expect(can(who(role), action, env)).toBe(expected);
        });
      });
    }
  }
});

describe("environment-scoped grants", () => {
  it("an approver for staging only cannot approve prod", () => {
    const p = who("approver", "staging");
    expect(can(p, "promotion.approve", "staging")).toBe(true);
    expect(can(p, "promotion.approve", "prod")).toBe(false);
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
