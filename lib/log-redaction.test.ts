import { describe, expect, it } from "vitest";
import { scrubSecrets, scrubString } from "./log-redaction";

describe("log redaction", () => {
  it("censors secret keys whatever their spelling (snake_case, kebab, camel)", () => {
    const out = scrubSecrets({
      access_token: "a",
      refresh_token: "b",
      id_token: "c",
      client_secret: "d",
      "x-api-key": "e",
      API_KEY: "f",
      private_key: "g",
      nested: { DATABASE_URL: "postgresql://x", sessionToken: "h", keep: "visible" },
    });
    expect(JSON.stringify(out)).not.toMatch(/"[a-h]"|postgresql:\/\/x/);
    expect(out).toMatchObject({ nested: { keep: "visible" } });
  });

  it("removes credentials from any URL, including postgresql://user:pass@", () => {
    expect(scrubString("connect postgresql://nura:s3cret@db.internal:5432/nura failed")).toBe(
      "connect postgresql://[redacted]@db.internal:5432/nura failed",
    );
    expect(scrubString("redis://:pw@cache:6379")).toBe("redis://[redacted]@cache:6379");
    expect(scrubString("https://u:p@git.example/repo.git")).toBe("https://[redacted]@git.example/repo.git");
  });

  it("removes tokens from query strings and form bodies", () => {
    expect(scrubString("GET /cb?code=abc123&state=xyz")).toBe("GET /cb?code=[redacted]&state=xyz");
    expect(scrubString("https://hook.example/x?token=t0k3n&v=1")).toBe("https://hook.example/x?token=[redacted]&v=1");
    expect(scrubString("grant_type=refresh&refresh_token=rt-1&client_secret=cs")).toBe(
      "grant_type=refresh&refresh_token=[redacted]&client_secret=[redacted]",
    );
    expect(scrubString("password=hunter2")).toBe("password=[redacted]");
  });

  it("removes PEM private keys, even cut off", () => {
    const pem = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----";
    expect(scrubString(`key: ${pem} done`)).toBe("key: [redacted-pem-private-key] done");
    expect(scrubString("-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEI")).toBe("[redacted-pem-private-key]");
  });

  it("leaves ordinary text alone", () => {
    expect(scrubString("sync of nura-core in prod took 120 ms (tokens: 3)")).toBe(
      "sync of nura-core in prod took 120 ms (tokens: 3)",
    );
  });
});
