// What the emulated Jenkins agent uses to find the infra toolchain. A real agent image carries tofu
// and the provider mirror; here they are built once into the toolchain cache (scripts/toolchain,
// outside the repo) and `make toolchain` links them into the checkout's .toolchain/. The agent
// looks in both, so a plan works on a machine whose toolchain is built even when this checkout
// never ran `make toolchain`: PATH gets the cached tofu, and when the checkout has no CLI config a
// provider mirror of the cached provider is laid out under the sandbox's data folder.
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

export function toolchainCache(env: Record<string, string | undefined> = process.env): string {
  return env.NURA_TOOLCHAIN_CACHE || join(env.XDG_CACHE_HOME || join(homedir(), ".cache"), "nura-toolchain");
}

function versions(sourceRoot: string): Record<string, string> {
  const file = join(sourceRoot, "scripts", "toolchain", "versions.env");
  if (!existsSync(file)) return {};
  return Object.fromEntries(
    readFileSync(file, "utf8")
      .split("\n")
      .map((l) => /^([A-Z_]+)=(\S+)/.exec(l))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1]!, m[2]!]),
  );
}

/** The newest cached build of the pinned provider version (plain or trimmed to some services). */
function cachedProvider(cache: string, version: string): string | null {
  if (!existsSync(cache)) return null;
  const file = `terraform-provider-aws_v${version}`;
  const dirs = readdirSync(cache)
    .filter((d) => d === `terraform-provider-aws-${version}` || d.startsWith(`terraform-provider-aws-${version}-`))
    .filter((d) => !d.endsWith(".partial") && existsSync(join(cache, d, file)))
    .sort((a, b) => statSync(join(cache, b)).mtimeMs - statSync(join(cache, a)).mtimeMs);
  return dirs[0] ? join(cache, dirs[0], file) : null;
}

/** Where a symlink points, or null when there is none (a dangling link counts: it is still there). */
function linkTarget(path: string): string | null {
  try {
    return readlinkSync(path);
  } catch {
    return null;
  }
}

export interface AgentToolchain {
  /** The agent's PATH: the toolchain's folders in front of the base PATH. */
  path: string[];
  /** TF_CLI_CONFIG_FILE when the checkout has none of its own. */
  env: Record<string, string>;
}

/**
 * SANDBOX_JENKINS_TOOLCHAIN=none: the agent of a machine that never built the toolchain, on a machine
 * that has it — what a newcomer's first plan meets (the job's toolchain check fails fast), shown by
 * the e2e without deleting anyone's cache.
 */
export function agentWithoutToolchain(env: Record<string, string | undefined> = process.env): boolean {
  return env.SANDBOX_JENKINS_TOOLCHAIN === "none";
}

/**
 * Where the agent runs the jobs' steps: the repository itself, or (SANDBOX_JENKINS_TOOLCHAIN=none) a
 * checkout as a fresh agent has it — the jobs' scripts/ and infra/ copied without .toolchain or
 * .terraform, since scripts/ci/lib.sh looks for the toolchain in the checkout it runs from.
 */
export function agentCheckout(
  sourceRoot: string,
  dataDir: string,
  env: Record<string, string | undefined> = process.env,
): string {
  if (!agentWithoutToolchain(env)) return sourceRoot;
  const checkout = join(dataDir, "checkout");
  rmSync(checkout, { recursive: true, force: true });
  for (const dir of ["scripts", "infra"]) {
    cpSync(join(sourceRoot, dir), join(checkout, dir), {
      recursive: true,
      filter: (src) => !/[/\\](\.terraform|\.toolchain)([/\\]|$)/.test(src.slice(sourceRoot.length)),
    });
  }
  return checkout;
}

/** The base PATH without the folders that hold `tofu` (the checkout's .toolchain/bin, the cache). */
function pathWithoutTofu(basePath: string): string[] {
  return basePath.split(":").filter((dir) => dir && !existsSync(join(dir, "tofu")));
}

export function agentToolchain(
  sourceRoot: string,
  dataDir: string,
  env: Record<string, string | undefined> = process.env,
): AgentToolchain {
  const basePath = (env.PATH ?? "").split(":").filter(Boolean);
  if (agentWithoutToolchain(env)) return { path: pathWithoutTofu(env.PATH ?? ""), env: {} };
  const withBase = (t: AgentToolchain): AgentToolchain => ({ ...t, path: [...t.path, ...basePath] });
  const cache = toolchainCache(env);
  const v = versions(sourceRoot);
  const path = [join(sourceRoot, ".toolchain", "bin")];
  if (v.OPENTOFU_VERSION && existsSync(join(cache, `opentofu-${v.OPENTOFU_VERSION}`, "tofu"))) {
    path.push(join(cache, `opentofu-${v.OPENTOFU_VERSION}`));
  }
  if (existsSync(join(sourceRoot, ".toolchain", "tofu.rc")) || !v.AWS_PROVIDER_VERSION)
    return withBase({ path, env: {} });
  const provider = cachedProvider(cache, v.AWS_PROVIDER_VERSION);
  if (!provider) return withBase({ path, env: {} });
  const mirror = join(dataDir, "providers");
  const platform = `linux_${process.arch === "arm64" ? "arm64" : "amd64"}`;
  for (const host of ["registry.opentofu.org", "registry.terraform.io"]) {
    const dir = join(mirror, host, "hashicorp", "aws", v.AWS_PROVIDER_VERSION, platform);
    mkdirSync(dir, { recursive: true });
    const link = join(dir, `terraform-provider-aws_v${v.AWS_PROVIDER_VERSION}`);
    // The data folder outlives toolchain builds (`make demo` keeps .data/): a link laid out for an
    // older build (a provider trimmed to fewer AWS services) must follow the current one, or plans
    // fail with "does not support resource type" for every resource of a service added since.
    if (linkTarget(link) !== provider) {
      rmSync(link, { force: true });
      symlinkSync(provider, link);
    }
  }
  const rc = join(dataDir, "tofu.rc");
  writeFileSync(
    rc,
    `# Written by the sandbox Jenkins agent (sandbox/jenkins/agent-toolchain.ts): the cached provider, offline.
provider_installation {
  filesystem_mirror {
    path    = "${mirror}"
    include = ["registry.opentofu.org/hashicorp/aws", "registry.terraform.io/hashicorp/aws"]
  }
}
disable_checkpoint = true
`,
  );
  return withBase({ path, env: { TF_CLI_CONFIG_FILE: rc } });
}

/** Whether the agent can run OpenTofu with the AWS provider (linked in the checkout or cached). */
export function toolchainReady(sourceRoot: string, env: Record<string, string | undefined> = process.env): boolean {
  if (agentWithoutToolchain(env)) return false;
  const linked =
    existsSync(join(sourceRoot, ".toolchain", "bin", "tofu")) && existsSync(join(sourceRoot, ".toolchain", "tofu.rc"));
  if (linked) return true;
  const cache = toolchainCache(env);
  const v = versions(sourceRoot);
  return (
    !!v.OPENTOFU_VERSION &&
    !!v.AWS_PROVIDER_VERSION &&
    existsSync(join(cache, `opentofu-${v.OPENTOFU_VERSION}`, "tofu")) &&
    cachedProvider(cache, v.AWS_PROVIDER_VERSION) !== null
  );
}
