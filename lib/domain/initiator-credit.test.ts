import { describe, expect, it } from "vitest";
import { argoAccountOf, creditInitiator } from "./initiator-credit";

const ctx = {
  portalAccount: "portal",
  portalSyncs: [
    { at: "2026-12-01T10:00:00.000Z", actor: "Diego Developer" },
    { at: "2026-12-01T10:05:00.000Z", actor: "Ana Approver" },
  ],
};

describe("creditInitiator", () => {
  it("credits the person whose audited sync preceded the portal's operation", () => {
    const portal = { kind: "user" as const, username: "portal" };
    expect(creditInitiator(portal, "2026-12-01T10:00:01Z", ctx)).toBe("Diego Developer (via portal)");
    expect(creditInitiator(portal, "2026-12-01T10:05:00.500Z", ctx)).toBe("Ana Approver (via portal)");
    // Argo CD's clock a little behind the portal's still matches.
    expect(creditInitiator(portal, "2026-12-01T09:59:57Z", ctx)).toBe("Diego Developer (via portal)");
  });

  it("says when no audited sync matches, and keeps other users and auto-sync as they are", () => {
    const portal = { kind: "user" as const, username: "portal" };
    expect(creditInitiator(portal, "2026-12-01T11:00:00Z", ctx)).toBe("the portal (no audited sync matches)");
    expect(creditInitiator(portal, null, ctx)).toBe("the portal (no audited sync matches)");
    expect(creditInitiator({ kind: "user", username: "admin" }, "2026-12-01T10:00:01Z", ctx)).toBe("admin");
    expect(creditInitiator({ kind: "automated" }, "2026-12-01T10:00:01Z", ctx)).toBe("auto-sync");
  });
});

describe("argoAccountOf", () => {
  it("reads the account from the token's sub, and falls back for anything else", () => {
    const jwt = (sub: string) => `x.${Buffer.from(JSON.stringify({ sub })).toString("base64url")}.sig`;
    expect(argoAccountOf(jwt("portal:apiKey"))).toBe("portal");
    expect(argoAccountOf(jwt("ci-deployer"))).toBe("ci-deployer");
    expect(argoAccountOf("not-a-jwt")).toBe("portal");
    expect(argoAccountOf(undefined)).toBe("portal");
  });
});
