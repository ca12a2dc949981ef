// Child processes of the world (moto, Prometheus): logs to a file, readiness by HTTP polling,
// and no orphans — setpriv's parent-death signal stops them even if this process is SIGKILLed.
import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync } from "node:fs";
import { sleep } from "./http";

export interface Service {
  name: string;
  proc: ChildProcess;
  stop(): Promise<void>;
}

const SETPRIV = "/usr/bin/setpriv";

export function startService(
  name: string,
  cmd: string,
  args: string[],
  opts: { logFile: string; env?: Record<string, string>; cwd?: string },
): Service {
  const fd = openSync(opts.logFile, "a");
  const useSetpriv = existsSync(SETPRIV);
  const proc = spawn(useSetpriv ? SETPRIV : cmd, useSetpriv ? ["--pdeathsig", "TERM", "--", cmd, ...args] : args, {
    stdio: ["ignore", fd, fd],
    env: { ...process.env, ...opts.env },
    cwd: opts.cwd,
  });
  closeSync(fd);
  let exited = false;
  const done = new Promise<void>((r) =>
    proc.once("exit", () => {
      exited = true;
      r();
    }),
  );
  proc.once("error", (err) => console.error(`[sandbox:${name}] cannot start ${cmd}: ${err.message}`));
  return {
    name,
    proc,
    async stop() {
      if (exited || proc.exitCode !== null) return;
      proc.kill("SIGTERM");
      const killed = await Promise.race([done.then(() => true), sleep(5000).then(() => false)]);
      if (!killed) {
        proc.kill("SIGKILL");
        await done;
      }
    },
  };
}

/** The last lines of a child's log, so an early exit says why even after its temp dir is gone. */
function logTail(logFile: string, lines = 5): string {
  try {
    return readFileSync(logFile, "utf8").trim().split("\n").slice(-lines).join(" | ");
  } catch {
    return "(no log)";
  }
}

/** Polls `url` until it answers 2xx, the process exits, or `timeoutMs` passes. */
export async function waitForHttp(
  service: Service | undefined,
  url: string,
  timeoutMs: number,
  logFile?: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = "";
  while (Date.now() < deadline) {
    if (service && service.proc.exitCode !== null) {
      throw new Error(
        `${service.name} exited with code ${service.proc.exitCode} before it was ready${logFile ? ` (see ${logFile}): ${logTail(logFile)}` : ""}`,
      );
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
      lastError = `HTTP ${res.status}`;
    } catch (err) {
      lastError = (err as Error).message;
    }
    await sleep(150);
  }
  throw new Error(
    `${service?.name ?? url} not ready after ${timeoutMs} ms: ${lastError}${logFile ? ` (see ${logFile})` : ""}`,
  );
}
