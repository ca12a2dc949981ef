import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cancelBodySchema, decisionBodySchema, requestPromotionBodySchema, rollbackBodySchema } from "./api-schemas";

// The body scripts/ci/request-promotion.sh posts must be one the route accepts: the schema is
// strict, and a key the script adds on its own is a 400 for every Jenkins promotion.
async function bodyPostedByCiScript(): Promise<unknown> {
  const dir = mkdtempSync(join(tmpdir(), "ci-promo-"));
  writeFileSync(join(dir, "image-tag"), "1.4.2-build.7\n");
  let body = "";
  const server = createServer((req, res) => {
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      res.writeHead(201, { "content-type": "application/json" }).end('{"id":"x"}');
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as { port: number };
  try {
    await new Promise<void>((resolve, reject) => {
      execFile(
        "bash",
        ["scripts/ci/request-promotion.sh", "nura-core", "dev", "staging"],
        {
          env: {
            ...process.env,
            ARTIFACTS_DIR: dir,
            PORTAL_URL: `http://127.0.0.1:${port}`,
            PORTAL_TOKEN: "t",
            BUILD_URL: "https://jenkins.example/job/nura-core/7/",
          },
        },
        (err: Error | null) => (err ? reject(err) : resolve()),
      );
    });
  } finally {
    server.close();
  }
  expect(readFileSync(join(dir, "promotion.json"), "utf8")).toBe('{"id":"x"}');
  return JSON.parse(body);
}

describe("requestPromotionBodySchema", () => {
  it("accepts exactly the body scripts/ci/request-promotion.sh sends", async () => {
    const parsed = requestPromotionBodySchema.parse(await bodyPostedByCiScript());
    expect(parsed).toEqual({
      application: "nura-core",
      fromEnvironment: "dev",
      toEnvironment: "staging",
      imageTag: "1.4.2-build.7",
      buildUrl: "https://jenkins.example/job/nura-core/7/",
    });
  });

  it("still refuses unknown keys and a build URL that is not a URL", () => {
    expect(() => requestPromotionBodySchema.parse({ application: "a", toEnvironment: "b", requestedBy: "x" })).toThrow(
      /requestedBy/,
    );
    expect(() =>
      requestPromotionBodySchema.parse({ application: "a", toEnvironment: "b", buildUrl: "nope" }),
    ).toThrow();
  });

  it("refuses NUL in every free-text field (PostgreSQL text cannot hold it: a 400, not a 500 at the write)", () => {
    const nul = "a\u0000b";
    for (const key of ["reason", "imageTag", "buildUrl", "freezeOverrideReason"]) {
      const r = requestPromotionBodySchema.safeParse({ application: "a", toEnvironment: "b", [key]: nul });
      expect(r.success, key).toBe(false);
    }
    expect(decisionBodySchema.safeParse({ comment: nul }).success).toBe(false);
    expect(cancelBodySchema.safeParse({ reason: nul }).success).toBe(false);
    expect(rollbackBodySchema.safeParse({ reason: nul }).success).toBe(false);
    expect(rollbackBodySchema.safeParse({ reason: "" }).success).toBe(false);
    expect(decisionBodySchema.safeParse({ comment: "fine" }).success).toBe(true);
  });
});
