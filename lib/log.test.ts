import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "./log";
import { scrubString } from "./log-redaction";

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: createLogger("info", stream), lines };
}

const JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJlLXZhbHVl";

describe("log redaction", () => {
  it("never writes tokens, passwords or cookies, wherever they appear", () => {
    const { logger, lines } = capture();
    logger.info(
      {
        requestId: "r-1",
        password: "hunter2-password",
        credentials: { token: "tok-123456789", apiToken: "jenkins-api-token-1" },
        headers: {
          authorization: `Bearer ${JWT}`,
          cookie: "next-auth.session-token=abcdef123456; theme=dark",
          "x-request-id": "r-1",
        },
        upstream: `GET https://argocd.example/api?x=1 failed with Bearer ${JWT}`,
        slack: "posted with xoxb-1234567890-abcdefghij",
        grafana: "glsa_abcdefghijklmnop_12345678",
        repo: "https://git-user:s3cr3t-pass@git.example/nura/gitops.git",
      },
      `calling argo with Bearer ${JWT}`,
    );
    const line = lines.join("");
    for (const secret of [
      "hunter2-password",
      "tok-123456789",
      "jenkins-api-token-1",
      JWT,
      "abcdef123456",
      "xoxb-1234567890",
      "glsa_abcdefghijklmnop",
      "s3cr3t-pass",
    ]) {
      expect(line).not.toContain(secret);
    }
    // What is not secret survives, so the log stays useful.
    expect(line).toContain('"requestId":"r-1"');
    expect(line).toContain("https://argocd.example/api?x=1");
    const parsed = JSON.parse(lines[0]!);
    expect(parsed.msg).toBe("calling argo with Bearer [redacted]");
    expect(parsed.level).toBe("info");
  });

  it("scrubs error messages and stacks", () => {
    const { logger, lines } = capture();
    logger.error(
      { err: new Error(`401 from jenkins for Basic ${Buffer.from("admin:token").toString("base64")}`) },
      "x",
    );
    expect(lines.join("")).not.toContain(Buffer.from("admin:token").toString("base64"));
  });

  it("leaves ordinary text alone", () => {
    expect(scrubString("promotion nura-core 1.4.2 → staging approved by ana")).toBe(
      "promotion nura-core 1.4.2 → staging approved by ana",
    );
  });
});
