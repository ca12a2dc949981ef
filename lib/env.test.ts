import { describe, expect, it } from "vitest";
import { parseEnv } from "./env";

describe("environment configuration", () => {
  it("defaults to the embedded database and sandbox off", () => {
    const env = parseEnv({});
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.PGLITE_DIR).toBe(".data/pglite");
    expect(env.SANDBOX).toBe(false);
  });

  it("names the bad key and why", () => {
    expect(() => parseEnv({ DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL: must be a postgresql:\/\/ URL/);
    expect(() => parseEnv({ POLL_INTERVAL_MS: "10" })).toThrow(/POLL_INTERVAL_MS/);
    expect(() => parseEnv({ ARGOCD_URL: "not a url" })).toThrow(/ARGOCD_URL/);
  });

  it("refuses sandbox users in a production server unless told to", () => {
    const prod = { NODE_ENV: "production", NEXTAUTH_SECRET: "x".repeat(32), SANDBOX: "1" };
    expect(() => parseEnv(prod)).toThrow(/SANDBOX: sandbox sign-in users are refused in a production build/);
    expect(parseEnv({ ...prod, ALLOW_SANDBOX_IN_PRODUCTION: "1" }).SANDBOX).toBe(true);
  });

  it("requires a session secret in production, but not while building", () => {
    expect(() => parseEnv({ NODE_ENV: "production" })).toThrow(/NEXTAUTH_SECRET: is required in production/);
    expect(() => parseEnv({ NODE_ENV: "production", NEXT_PHASE: "phase-production-build" })).not.toThrow();
  });

  it("requires the OIDC settings together", () => {
    expect(() => parseEnv({ OIDC_ISSUER: "https://idp.example" })).toThrow(/must be set together/);
  });
});
