// The real Prometheus (Debian's /usr/bin/prometheus) with a generated config that scrapes the
// workload exporter and the portal's own /api/metrics (down until the portal runs: that is fine),
// and evaluates the PrometheusRules of infra/monitoring when promtool accepts them.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { parseAllDocuments, stringify } from "yaml";
import { type Service, startService, waitForHttp } from "../lib/child";

export const PROMETHEUS_BIN = process.env.SANDBOX_PROMETHEUS_BIN || "/usr/bin/prometheus";
export const PROMTOOL_BIN = process.env.SANDBOX_PROMTOOL_BIN || "/usr/bin/promtool";

function yamlFiles(dir: string, depth = 0): string[] {
  if (!existsSync(dir) || depth > 6) return [];
  return readdirSync(dir).flatMap((e) => {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) return yamlFiles(p, depth + 1);
    return /\.ya?ml$/.test(e) ? [p] : [];
  });
}

/** Rule groups of every PrometheusRule under infra/monitoring: the same recording rules and alerts as production. */
export function collectRuleGroups(sourceRoot: string): unknown[] {
  const groups: unknown[] = [];
  for (const file of yamlFiles(join(sourceRoot, "infra", "monitoring"))) {
    for (const doc of parseAllDocuments(readFileSync(file, "utf8"))) {
      const obj = doc.toJS() as { kind?: string; spec?: { groups?: unknown[] } } | null;
      if (obj?.kind === "PrometheusRule" && Array.isArray(obj.spec?.groups)) groups.push(...obj.spec.groups);
    }
  }
  return groups;
}

/** Writes the rules file if promtool accepts it; returns its path, or why Prometheus runs without. */
export async function prepareRules(dir: string, sourceRoot: string): Promise<{ file?: string; warning?: string }> {
  let groups: unknown[];
  try {
    groups = collectRuleGroups(sourceRoot);
  } catch (err) {
    return { warning: `PrometheusRules under infra/monitoring not loaded: ${(err as Error).message}` };
  }
  if (groups.length === 0) return {};
  const file = join(dir, "rules.yml");
  writeFileSync(file, stringify({ groups }));
  try {
    await promisify(execFile)(PROMTOOL_BIN, ["check", "rules", file]);
    return { file };
  } catch (err) {
    const detail = (err as { stdout?: string; stderr?: string }).stderr || (err as Error).message;
    const last = detail.trim().split("\n").slice(-2).join(" ");
    return { warning: `promtool rejected the rules from infra/monitoring, Prometheus runs without them: ${last}` };
  }
}

export function prometheusConfig(
  exporterTarget: string,
  portalTarget: string,
  scrapeSeconds: number,
  ruleFile?: string,
  portalMetricsToken?: string,
): string {
  return stringify({
    global: {
      scrape_interval: `${scrapeSeconds}s`,
      evaluation_interval: `${scrapeSeconds}s`,
      external_labels: { sandbox: "nura" },
    },
    ...(ruleFile ? { rule_files: [ruleFile] } : {}),
    scrape_configs: [
      { job_name: "sandbox-workloads", static_configs: [{ targets: [exporterTarget] }] },
      {
        job_name: "nura-portal",
        metrics_path: "/api/metrics",
        ...(portalMetricsToken ? { authorization: { type: "Bearer", credentials: portalMetricsToken } } : {}),
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
  portalMetricsToken?: string;
  scrapeSeconds?: number;
  sourceRoot: string;
  log?: (msg: string) => void;
}): Promise<Service> {
  if (!existsSync(PROMETHEUS_BIN)) {
    throw new Error(`${PROMETHEUS_BIN} not found: run \`make system-deps\` (Debian package prometheus)`);
  }
  const dir = join(opts.dataDir, "prometheus");
  mkdirSync(join(dir, "tsdb"), { recursive: true });
  const config = join(dir, "prometheus.yml");
  const rules = await prepareRules(dir, opts.sourceRoot);
  if (rules.warning) opts.log?.(rules.warning);
  writeFileSync(
    config,
    prometheusConfig(
      opts.exporterTarget,
      opts.portalTarget,
      opts.scrapeSeconds ?? 5,
      rules.file,
      opts.portalMetricsToken,
    ),
  );
  const logFile = join(opts.dataDir, "logs", "prometheus.log");
  const svc = startService(
    "prometheus",
    PROMETHEUS_BIN,
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${join(dir, "tsdb")}`,
      "--storage.tsdb.retention.time=2d",
      `--web.listen-address=127.0.0.1:${opts.port}`,
      "--web.enable-lifecycle",
      "--log.level=warn",
    ],
    { logFile },
  );
  await waitForHttp(svc, `http://127.0.0.1:${opts.port}/-/ready`, 30_000, logFile);
  return svc;
}
