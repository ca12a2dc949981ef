// Port layout of the world. `make demo` uses the fixed defaults (overridable by env); tests pass
// 0 everywhere and get ephemeral ports so they never collide with a running demo.
import { createServer } from "node:net";

export const DEFAULT_PORTS = {
  argocd: 18080,
  jenkins: 18081,
  kubernetes: 18082,
  grafana: 18083,
  slack: 18084,
  /** Fault proxy in front of moto; moto itself listens on motoUpstream. */
  moto: 18085,
  control: 18086,
  exporter: 18087,
  /** Fault proxy in front of Prometheus; Prometheus itself listens on prometheusUpstream. */
  prometheus: 19090,
  motoUpstream: 18185,
  prometheusUpstream: 19091,
};
export type Ports = typeof DEFAULT_PORTS;
export type PortName = keyof Ports;

const ENV_NAMES: Record<PortName, string> = {
  argocd: "SANDBOX_ARGOCD_PORT",
  jenkins: "SANDBOX_JENKINS_PORT",
  kubernetes: "SANDBOX_KUBERNETES_PORT",
  grafana: "SANDBOX_GRAFANA_PORT",
  slack: "SANDBOX_SLACK_PORT",
  moto: "SANDBOX_MOTO_PORT",
  control: "SANDBOX_CONTROL_PORT",
  exporter: "SANDBOX_EXPORTER_PORT",
  prometheus: "SANDBOX_PROMETHEUS_PORT",
  motoUpstream: "SANDBOX_MOTO_UPSTREAM_PORT",
  prometheusUpstream: "SANDBOX_PROMETHEUS_UPSTREAM_PORT",
};

export function portsFromEnv(env: Record<string, string | undefined>): Ports {
  const out = { ...DEFAULT_PORTS };
  for (const key of Object.keys(out) as PortName[]) {
    const raw = env[ENV_NAMES[key]];
    if (raw === undefined || raw === "") continue;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${ENV_NAMES[key]}=${raw}: must be a port number`);
    out[key] = n;
  }
  return out;
}

export const PORT_ENV_NAMES = ENV_NAMES;

/** A currently free loopback port, for child processes that cannot report an ephemeral port. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const addr = s.address();
      const port = addr && typeof addr === "object" ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}
