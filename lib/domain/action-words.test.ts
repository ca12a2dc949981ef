import { describe, expect, it } from "vitest";
import { actionInWords, isAction, whoMay } from "./action-words";
import { ACTIONS } from "./roles";

// As the shipped catalog classifies them: dev open, staging and prod protected.
const ENVS = [
  { name: "dev", protected: false },
  { name: "staging", protected: true },
  { name: "prod", protected: true },
];

describe("action words", () => {
  it("say every action in words", () => {
    for (const a of ACTIONS) expect(actionInWords(a)).not.toBe(a);
    expect(actionInWords("infra.apply")).toBe("apply an infrastructure change");
  });

  it("name who may, per environment where the policy differs (from can(), so it follows roles.ts)", () => {
    expect(whoMay("audit.export", ENVS)).toBe("admin, auditor");
    expect(whoMay("infra.unlock", ENVS)).toBe("admin");
    expect(whoMay("infra.apply", ENVS)).toBe("admin; developer in dev only; approver in dev only");
    expect(whoMay("argocd.sync", ENVS)).toBe("approver, admin; developer in dev only");
    expect(whoMay("argocd.sync", [{ name: "qa", protected: false }, ...ENVS])).toBe(
      "approver, admin; developer in qa, dev only",
    );
  });

  it("recognise action names from a query string", () => {
    expect(isAction("infra.apply")).toBe(true);
    expect(isAction("nope")).toBe(false);
    expect(isAction(undefined)).toBe(false);
  });
});
