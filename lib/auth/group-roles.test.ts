import { describe, expect, it } from "vitest";
import { grantsForGroups, parseRoleMap } from "./group-roles";

describe("OIDC group → role mapping", () => {
  const rules = parseRoleMap("platform-admins=admin, release-managers=approver:prod,devs=developer,devs=developer");

  it("maps groups to grants, environment-scoped where given", () => {
    expect(grantsForGroups(["devs", "release-managers", "unrelated"], rules)).toEqual([
      { role: "viewer", environment: null },
      { role: "approver", environment: "prod" },
      { role: "developer", environment: null },
    ]);
  });

  it("gives only viewer to users in no mapped group, or with a malformed claim", () => {
    expect(grantsForGroups([], rules)).toEqual([{ role: "viewer", environment: null }]);
    expect(grantsForGroups("admins", rules)).toEqual([{ role: "viewer", environment: null }]);
  });

  it("rejects a bad map naming the entry", () => {
    expect(() => parseRoleMap("admins=root")).toThrow(/"root" is not a role/);
    expect(() => parseRoleMap("admins")).toThrow(/"admins" is not group=role/);
  });
});
