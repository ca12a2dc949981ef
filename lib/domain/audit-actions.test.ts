import { describe, expect, it } from "vitest";
import { AUDIT_ACTION_NAMES, AUDIT_ACTIONS, auditActionLabel, auditTargetHref, isAuditAction } from "./audit-actions";

describe("audit actions", () => {
  it("are <domain>.<snake_case> names whose prefix is their domain", () => {
    for (const name of AUDIT_ACTION_NAMES) {
      expect(name).toMatch(/^[a-z]+\.[a-z]+(_[a-z]+)*$/);
      expect(name.split(".")[0]).toBe(AUDIT_ACTIONS[name].domain);
    }
  });

  it("cover every mutating action the issue lists", () => {
    for (const required of [
      "auth.sign_in",
      "auth.sign_out",
      "promotion.requested",
      "promotion.approved",
      "promotion.rejected",
      "promotion.executed",
      "promotion.rolled_back",
      "argocd.sync",
      "argocd.refresh",
      "infra.plan",
      "infra.apply",
      "infra.abort",
      "infra.lock",
      "config.changed",
      "audit.exported",
      "audit.verified",
    ]) {
      expect(isAuditAction(required), required).toBe(true);
    }
  });

  it("recognises only known names (not inherited object keys)", () => {
    expect(isAuditAction("promotion.teleported")).toBe(false);
    expect(isAuditAction("toString")).toBe(false);
    expect(auditActionLabel("argocd.sync")).toBe("Argo CD sync");
    expect(auditActionLabel("legacy.thing")).toBe("legacy.thing");
  });

  it("links promotions and infra runs to their pages, encoding the id", () => {
    expect(auditTargetHref("promotion", "p 1")).toBe("/promotions/p%201");
    expect(auditTargetHref("infra_run", "r1")).toBe("/infrastructure/runs/r1");
    expect(auditTargetHref("audit", "chain")).toBeNull();
    // An application target is "<app>/<env>": the application page, not "/applications/<app>%2F<env>" (a 404).
    expect(auditTargetHref("application", "nura-core/prod")).toBe("/applications/nura-core/prod");
    expect(auditTargetHref("application", "a b/dev")).toBe("/applications/a%20b/dev");
    expect(auditTargetHref("application", "nura-core")).toBeNull();
    expect(auditTargetHref(null, "x")).toBeNull();
  });
});
