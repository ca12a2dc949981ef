// moto's server (PyPI moto[server]) from the venv `make sandbox-deps` builds outside the repo.
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { type Service, startService, waitForHttp } from "../lib/child";

export function motoVenv(env: Record<string, string | undefined> = process.env): string {
  if (env.SANDBOX_MOTO_VENV) return env.SANDBOX_MOTO_VENV;
  const cache = env.XDG_CACHE_HOME || join(homedir(), ".cache");
  return join(cache, "nura-toolchain", "moto-venv");
}

export async function startMoto(port: number, logFile: string, venv = motoVenv()): Promise<Service> {
  const bin = join(venv, "bin", "moto_server");
  if (!existsSync(bin)) {
    throw new Error(
      `moto_server not found at ${bin}: run \`make sandbox-deps\` (creates the venv with pip install 'moto[server]')`,
    );
  }
  const svc = startService("moto", bin, ["-H", "127.0.0.1", "-p", String(port)], { logFile });
  await waitForHttp(svc, `http://127.0.0.1:${port}/moto-api/`, 30_000, logFile);
  return svc;
}
