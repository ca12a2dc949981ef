import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
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

  it("a provider mirror laid out for an older build follows the newest cached provider", () => {
    const { src, PATH } = checkout();
    rmSync(join(src, ".toolchain", "tofu.rc")); // no CLI config of its own: the agent lays out a mirror
    mkdirSync(join(src, "scripts", "toolchain"), { recursive: true });
    writeFileSync(
      join(src, "scripts", "toolchain", "versions.env"),
      "OPENTOFU_VERSION=1.0.0\nAWS_PROVIDER_VERSION=9.9.9\n",
    );
    const cache = mkdtempSync(join(root, "cache-"));
    const provider = (key: string, ageS: number) => {
      const dir = join(cache, `terraform-provider-aws-9.9.9-services-${key}`);
      mkdirSync(dir);
      writeFileSync(join(dir, "terraform-provider-aws_v9.9.9"), key);
      const t = Date.now() / 1000 - ageS;
      utimesSync(dir, t, t);
      return join(dir, "terraform-provider-aws_v9.9.9");
    };
    const older = provider("old", 3600);
    const env = { PATH, NURA_TOOLCHAIN_CACHE: cache };
    const data = join(src, "agent");
    const link = join(
      data,
      "providers",
      "registry.opentofu.org",
      "hashicorp",
      "aws",
      "9.9.9",
      "linux_amd64",
      "terraform-provider-aws_v9.9.9",
    );
    agentToolchain(src, data, env);
    expect(readlinkSync(link)).toBe(older);
    // A later `make toolchain` built the provider with more services; the demo's data folder stayed.
    const newer = provider("new", 0);
    agentToolchain(src, data, env);
    expect(readlinkSync(link)).toBe(newer);
    expect(readFileSync(link, "utf8")).toBe("new");
  });
});
