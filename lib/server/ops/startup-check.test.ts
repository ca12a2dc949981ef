import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";

// The check reads the process environment once; each case loads a fresh module graph.
async function runCheck(env: Record<string, string>) {
  vi.resetModules();
  for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
  const exit = vi.spyOn(process, "exit").mockImplementation(((code?: number) => {
    throw new Error(`exit ${code}`);
  }) as never);
  const error = vi.spyOn(console, "error").mockImplementation(() => {});
  const { checkConfigurationOrExit } = await import("./startup-check");
  let thrown: unknown;
  try {
    checkConfigurationOrExit();
  } catch (err) {
    thrown = err;
  }
  return { exit, message: error.mock.calls.map((c) => String(c[0])).join("\n"), thrown };
}

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe("start-up configuration check", () => {
  it("starts with the shipped configuration", async () => {
    const { exit } = await runCheck({ CATALOG_PATH: "config/catalog.yaml" });
    expect(exit).not.toHaveBeenCalled();
  });

  it("exits 78 naming the bad catalog key", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "catalog-"));
    const file = path.join(dir, "catalog.yaml");
    writeFileSync(file, "environments: []\npromotionPath: [dev]\napplications: []\n");
    const { exit, message } = await runCheck({ CATALOG_PATH: file });
    expect(exit).toHaveBeenCalledWith(78);
    expect(message).toContain("refusing to start");
    expect(message).toMatch(/environments: Too small: expected array to have >=1 items/);
    expect(message).toContain(`promotionPath.0: unknown environment "dev"`);
  });

  it("exits 78 naming a bad environment variable", async () => {
    const { exit, message } = await runCheck({ OIDC_ROLE_MAP: "admins=root" });
    expect(exit).toHaveBeenCalledWith(78);
    expect(message).toContain('"root" is not a role');
  });

  it("exits 78 when the catalog file is missing", async () => {
    const { exit, message } = await runCheck({ CATALOG_PATH: "/nonexistent/catalog.yaml" });
    expect(exit).toHaveBeenCalledWith(78);
    expect(message).toContain("CATALOG_PATH: cannot read /nonexistent/catalog.yaml: ENOENT");
  });
});
