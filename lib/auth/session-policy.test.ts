import { describe, expect, it } from "vitest";
import { GRANTS_REFRESH_S, SESSION_ABSOLUTE_MAX_AGE_S, sessionDecision } from "./session-policy";

const now = 1_800_000_000;

describe("sessionDecision", () => {
  it("keeps a fresh session and re-reads grants once they are a minute old", () => {
    expect(sessionDecision({ authTime: now - 10, grantsAt: now - 10 }, now)).toBe("valid");
    expect(sessionDecision({ authTime: now - 10, grantsAt: now - GRANTS_REFRESH_S - 1 }, now)).toBe("refresh-grants");
  });

  it("ends a session at its absolute lifetime however active it was", () => {
    expect(sessionDecision({ authTime: now - SESSION_ABSOLUTE_MAX_AGE_S + 5, grantsAt: now }, now)).toBe("valid");
    expect(sessionDecision({ authTime: now - SESSION_ABSOLUTE_MAX_AGE_S - 1, grantsAt: now }, now)).toBe("expired");
  });

  it("ends a token that cannot prove when it was issued (or claims the future)", () => {
    expect(sessionDecision({}, now)).toBe("expired");
    expect(sessionDecision({ authTime: "yesterday" }, now)).toBe("expired");
    expect(sessionDecision({ authTime: now + 3600 }, now)).toBe("expired");
  });
});
