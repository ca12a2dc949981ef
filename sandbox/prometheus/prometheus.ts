// The real Prometheus (Debian's /usr/bin/prometheus) with a generated config that scrapes the
// workload exporter and the portal's own /api/metrics (down until the portal runs: that is fine).
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { type Service, startService, waitForHttp } from "../lib/child";

export const PROMETHEUS_BIN = process.env.SANDBOX_PROMETHEUS_BIN || "/usr/bin/prometheus";

export function prometheusConfig(exporterTarget: string, portalTarget: string, scrapeSeconds: number): string {
  return stringify({
    global: {
      scrape_interval: `${scrapeSeconds}s`,
      evaluation_interval: `${scrapeSeconds}s`,
      external_labels: { sandbox: "nura" },
    },
    scrape_configs: [
      { job_name: "sandbox-workloads", static_configs: [{ targets: [exporterTarget] }] },
      {
        job_name: "nura-portal",
        metrics_path: "/api/metrics",
        static_configs: [{ targets: [portalTarget], labels: { app: "nura-portal", env: "local" } }],
      },
    ],
  });
}

export async function startPrometheus(opts: {
  port: number;
  dataDir: string;
  exporterTarget: string;
  portalTarget: string;
  scrapeSeconds?: number;
}): Promise<Service> {
  if (!existsSync(PROMETHEUS_BIN)) {
    throw new Error(`${PROMETHEUS_BIN} not found: run \`make system-deps\` (Debian package prometheus)`);
  }
  const dir = join(opts.dataDir, "prometheus");
  mkdirSync(join(dir, "tsdb"), { recursive: true });
  const config = join(dir, "prometheus.yml");
  writeFileSync(config, prometheusConfig(opts.exporterTarget, opts.portalTarget, opts.scrapeSeconds ?? 5));
  const logFile = join(opts.dataDir, "logs", "prometheus.log");
  const svc = startService(
    "prometheus",
    PROMETHEUS_BIN,
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${join(dir, "tsdb")}`,
      `--storage.tsdb.retention.time=2d`,
      `--web.listen-address=127.0.0.1:${opts.port}`,
      "--web.enable-lifecycle",
      "--log.level=warn",
    ],
    { logFile },
  );
  await waitForHttp(svc, `http://127.0.0.1:${opts.port}/-/ready`, 30_000, logFile);
  return svc;
}
