// moto's server (PyPI moto[server]) from the venv `make sandbox-deps` builds outside the repo, started
// through tests/infra/moto_fidelity.py: the same moto with the few fixes that let an applied OpenTofu
// environment re-plan empty (see that file), and AWS managed IAM policies loaded, which the node,
// cluster and RDS monitoring roles attach. The sandbox Jenkins's plans and applies run against it.
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { type Service, startService, waitForHttp } from "../lib/child";

export function motoVenv(env: Record<string, string | undefined> = process.env): string {
  if (env.SANDBOX_MOTO_VENV) return env.SANDBOX_MOTO_VENV;
  const cache = env.XDG_CACHE_HOME || join(homedir(), ".cache");
  return join(cache, "nura-toolchain", "moto-venv");
}

export async function startMoto(
  port: number,
  logFile: string,
  sourceRoot: string,
  venv = motoVenv(),
): Promise<Service> {
  const python = join(venv, "bin", "python");
  if (!existsSync(join(venv, "bin", "moto_server")) || !existsSync(python)) {
    throw new Error(
      `moto_server not found in ${venv}: run \`make sandbox-deps\` (creates the venv with pip install 'moto[server]')`,
    );
  }
  const svc = startService(
    "moto",
    python,
    [join(sourceRoot, "tests", "infra", "moto_fidelity.py"), "-H", "127.0.0.1", "-p", String(port)],
    { logFile, env: { MOTO_IAM_LOAD_MANAGED_POLICIES: "true" } },
  );
  // Loading the managed policies makes the first start slower than plain moto_server.
  await waitForHttp(svc, `http://127.0.0.1:${port}/moto-api/`, 60_000, logFile);
  return svc;
}
