import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { authSecret, parseEnv, readOrCreateDevSecret } from "./env";

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

  it("requires a metrics token in production outside the sandbox", () => {
    const prod = { NODE_ENV: "production", NEXTAUTH_SECRET: "x".repeat(32) };
    expect(() => parseEnv(prod)).toThrow(/METRICS_TOKEN: is required in production/);
    expect(parseEnv({ ...prod, METRICS_TOKEN: "m".repeat(24) }).METRICS_TOKEN).toHaveLength(24);
    expect(() => parseEnv({ ...prod, SANDBOX: "1", ALLOW_SANDBOX_IN_PRODUCTION: "1" })).not.toThrow();
  });

  it("never uses a session secret from the repository: a generated one per checkout, kept private", () => {
    const file = join(mkdtempSync(join(tmpdir(), "nura-secret-")), ".data", "dev-nextauth-secret");
    const first = readOrCreateDevSecret(file);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(readOrCreateDevSecret(file)).toBe(first);
    expect(readFileSync(file, "utf8").trim()).toBe(first);
    expect(statSync(file).mode & 0o077).toBe(0);
    expect(authSecret(parseEnv({ NEXTAUTH_SECRET: "s".repeat(32) }))).toBe("s".repeat(32));
    expect(() =>
      authSecret({ ...parseEnv({ NODE_ENV: "test" }), NODE_ENV: "production", NEXTAUTH_SECRET: undefined }),
    ).toThrow(/NEXTAUTH_SECRET is required/);
  });

  it("requires the OIDC settings together", () => {
    expect(() => parseEnv({ OIDC_ISSUER: "https://idp.example" })).toThrow(/must be set together/);
  });
});
