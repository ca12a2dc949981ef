import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { agentCheckout, agentToolchain, toolchainReady } from "./agent-toolchain";

const root = mkdtempSync(join(tmpdir(), "agent-toolchain-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A checkout whose `make toolchain` linked tofu and its CLI config, and a PATH that has it too. */
function checkout() {
  const src = mkdtempSync(join(root, "src-"));
  mkdirSync(join(src, "scripts", "ci"), { recursive: true });
  writeFileSync(join(src, "scripts", "ci", "lib.sh"), "");
  mkdirSync(join(src, "infra", "environments", "dev", ".terraform"), { recursive: true });
  writeFileSync(join(src, "infra", "environments", "dev", "main.tf"), "");
  const bin = join(src, ".toolchain", "bin");
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, "tofu"), "#!/bin/sh\n");
  chmodSync(join(bin, "tofu"), 0o755);
  writeFileSync(join(src, ".toolchain", "tofu.rc"), "");
  return { src, bin, PATH: `${bin}:/usr/bin:/bin` };
}

describe("agentToolchain", () => {
  it("puts the checkout's toolchain in front of the base PATH", () => {
    const { src, bin, PATH } = checkout();
    const env = { PATH, NURA_TOOLCHAIN_CACHE: join(root, "no-cache") };
    expect(agentToolchain(src, join(src, "agent"), env).path).toEqual([bin, bin, "/usr/bin", "/bin"]);
    expect(toolchainReady(src, env)).toBe(true);
  });

  it("SANDBOX_JENKINS_TOOLCHAIN=none: an agent whose PATH has no folder with tofu, and no CLI config", () => {
    const { src, PATH } = checkout();
    const env = { PATH, NURA_TOOLCHAIN_CACHE: join(root, "no-cache"), SANDBOX_JENKINS_TOOLCHAIN: "none" };
    expect(agentToolchain(src, join(src, "agent"), env)).toEqual({ path: ["/usr/bin", "/bin"], env: {} });
    expect(toolchainReady(src, env)).toBe(false);
    // Its steps run in a checkout of the jobs' files without the toolchain (scripts/ci/lib.sh looks there).
    const agent = agentCheckout(src, join(src, "agent"), env);
    expect(agent).toBe(join(src, "agent", "checkout"));
    expect(existsSync(join(agent, "scripts", "ci", "lib.sh"))).toBe(true);
    expect(existsSync(join(agent, "infra", "environments", "dev", "main.tf"))).toBe(true);
    expect(existsSync(join(agent, "infra", "environments", "dev", ".terraform"))).toBe(false);
    expect(existsSync(join(agent, ".toolchain"))).toBe(false);
    expect(agentCheckout(src, join(src, "agent"), { PATH })).toBe(src);
  });
});
