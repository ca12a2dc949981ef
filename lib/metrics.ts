import "server-only";
// Prometheus metrics for /api/metrics. One registry per process, kept on globalThis so that
// Next's module re-evaluation (dev reloads, several bundles) does not register metrics twice.
import { Counter, collectDefaultMetrics, Histogram, Registry } from "prom-client";

function build() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "nura_portal_" });
  return {
    registry,
    // The HTTP pair every Nura workload exports under the same names (infra/monitoring/rules/nura-slo.yaml's
    // metric contract): the SLO rules and dashboards select them by name, and the ServiceMonitor adds
    // env/namespace/app. tests/infra/test_metrics_contract.py checks the rules' queries against these.
    httpRequests: new Counter({
      name: "http_requests_total",
      help: "Route handler responses by route template, method and status code",
      labelNames: ["route", "method", "code"] as const,
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: "http_request_duration_seconds",
      help: "Route handler latency by route template, method and status code",
      labelNames: ["route", "method", "code"] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    upstreamDuration: new Histogram({
      name: "nura_portal_upstream_request_duration_seconds",
      help: "Latency of calls to upstream systems (argocd, jenkins, grafana, kubernetes, eks, git, slack)",
      labelNames: ["system", "operation", "outcome"] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    businessEvents: new Counter({
      name: "nura_portal_business_events_total",
      help: "Business events (promotions, approvals, syncs, plans, applies, sign-ins) by kind, environment and outcome",
      labelNames: ["kind", "environment", "outcome"] as const,
      registers: [registry],
    }),
  };
}

const holder = globalThis as unknown as { __nuraMetrics?: ReturnType<typeof build> };
holder.__nuraMetrics ??= build();
export const metrics = holder.__nuraMetrics;

/** Starts timing one route handler call; the returned function records its status code (request count and
 * latency) and returns the seconds it took. */
export function startHttpTimer(route: string, method: string): (status: number) => number {
  const end = metrics.httpDuration.startTimer({ route, method });
  return (status) => {
    const code = String(status);
    metrics.httpRequests.inc({ route, method, code });
    return end({ code });
  };
}

/** Times an upstream call and records its outcome; rethrows what the call throws. */
export async function timeUpstream<T>(system: string, operation: string, call: () => Promise<T>): Promise<T> {
  const end = metrics.upstreamDuration.startTimer({ system, operation });
  try {
    const result = await call();
    end({ outcome: "ok" });
    return result;
  } catch (err) {
    end({ outcome: "error" });
    throw err;
  }
}

export function countBusinessEvent(kind: string, environment: string, outcome: string) {
  metrics.businessEvents.inc({ kind, environment, outcome });
}
