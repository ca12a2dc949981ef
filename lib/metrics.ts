import "server-only";
// Prometheus metrics for /api/metrics. One registry per process, kept on globalThis so that
// Next's module re-evaluation (dev reloads, several bundles) does not register metrics twice.
import { Counter, collectDefaultMetrics, Histogram, Registry } from "prom-client";

function build() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "nura_portal_" });
  return {
    registry,
    httpDuration: new Histogram({
      name: "nura_portal_http_request_duration_seconds",
      help: "Route handler latency by route template, method and status",
      labelNames: ["route", "method", "status"] as const,
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
