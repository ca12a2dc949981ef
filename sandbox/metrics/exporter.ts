// Workload exporter: Prometheus text exposition of per-application traffic and resource metrics,
// integrating each application × environment's profile (profile.ts: its own levels, daily shape and
// noise; a Degraded release shows a high error ratio and slow responses).
import type { EmulatorSpec } from "../faults/managed-server";
import { Router, sendText } from "../lib/http";
import type { WorldController } from "../world/controller";
import type { AppInstance } from "../world/model";
import { workloadOf } from "../world/workload";
import { fasterThan, type Profile, profileAt } from "./profile";

export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The application's behaviour now (its own levels, the time of day, noise; see profile.ts). */
export function profileOf(a: AppInstance, now = Date.now()): Profile {
  return profileAt(a.app, a.env, a.health.status, now);
}

interface Counters {
  ok: number;
  clientErrors: number;
  errors: number;
  buckets: number[];
  sum: number;
  count: number;
  cpu: Map<string, number>;
  last: number;
}

export class WorkloadExporter {
  private counters = new Map<string, Counters>();

  constructor(private world: WorldController) {}

  /** Integrates each application's profile since the previous call (counters only grow). */
  advance(now = Date.now()): void {
    for (const a of this.world.list()) {
      let c = this.counters.get(a.argoName);
      if (!c) {
        // Start with a believable history so rate() has data right away.
        c = {
          ok: 0,
          clientErrors: 0,
          errors: 0,
          buckets: LATENCY_BUCKETS.map(() => 0),
          sum: 0,
          count: 0,
          cpu: new Map(),
          last: now - 600_000,
        };
        this.counters.set(a.argoName, c);
      }
      const dt = Math.max(0, (now - c.last) / 1000);
      c.last = now;
      const p = profileOf(a, now);
      const n = p.rps * dt;
      // Status classes as infra/monitoring/rules/nura-slo.yaml expects them: code="2xx|4xx|5xx".
      c.errors += n * p.errorRatio;
      c.clientErrors += n * p.clientErrorRatio;
      c.ok += n * (1 - p.errorRatio - p.clientErrorRatio);
      c.count += n;
      c.sum += n * p.meanLatencySeconds;
      LATENCY_BUCKETS.forEach((le, i) => {
        c.buckets[i]! += n * fasterThan(le, p.meanLatencySeconds);
      });
      for (const pod of workloadOf(a, now).pods) {
        const running = pod.phase === "Running";
        c.cpu.set(pod.name, (c.cpu.get(pod.name) ?? 0) + (running ? p.cpuCoresPerPod * dt : 0));
      }
    }
  }

  render(now = Date.now()): string {
    this.advance(now);
    const lines: string[] = [];
    const lbl = (o: Record<string, string>) =>
      `{${Object.entries(o)
        .map(([k, v]) => `${k}="${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`)
        .join(",")}}`;
    const apps = this.world.list();
    const base = (a: AppInstance) => ({ env: a.env, namespace: a.namespace, app: a.app });

    lines.push(
      "# HELP http_requests_total HTTP requests served by the application, by status class.",
      "# TYPE http_requests_total counter",
    );
    for (const a of apps) {
      const c = this.counters.get(a.argoName)!;
      lines.push(`http_requests_total${lbl({ ...base(a), code: "2xx" })} ${c.ok.toFixed(3)}`);
      lines.push(`http_requests_total${lbl({ ...base(a), code: "4xx" })} ${c.clientErrors.toFixed(3)}`);
      lines.push(`http_requests_total${lbl({ ...base(a), code: "5xx" })} ${c.errors.toFixed(3)}`);
    }
    lines.push(
      "# HELP http_request_duration_seconds HTTP request latency.",
      "# TYPE http_request_duration_seconds histogram",
    );
    for (const a of apps) {
      const c = this.counters.get(a.argoName)!;
      for (const [i, le] of LATENCY_BUCKETS.entries()) {
        lines.push(
          `http_request_duration_seconds_bucket${lbl({ ...base(a), le: String(le) })} ${c.buckets[i]!.toFixed(3)}`,
        );
      }
      lines.push(`http_request_duration_seconds_bucket${lbl({ ...base(a), le: "+Inf" })} ${c.count.toFixed(3)}`);
      lines.push(`http_request_duration_seconds_sum${lbl(base(a))} ${c.sum.toFixed(3)}`);
      lines.push(`http_request_duration_seconds_count${lbl(base(a))} ${c.count.toFixed(3)}`);
    }
    lines.push(
      "# HELP container_cpu_usage_seconds_total Cumulative CPU time consumed by the container.",
      "# TYPE container_cpu_usage_seconds_total counter",
    );
    for (const a of apps) {
      for (const [pod, secs] of this.counters.get(a.argoName)!.cpu) {
        lines.push(`container_cpu_usage_seconds_total${lbl({ ...base(a), pod, container: "app" })} ${secs.toFixed(3)}`);
      }
    }
    lines.push(
      "# HELP container_memory_working_set_bytes Current working set of the container.",
      "# TYPE container_memory_working_set_bytes gauge",
    );
    for (const a of apps) {
      const p = profileOf(a, now);
      for (const pod of workloadOf(a, now).pods) {
        if (pod.phase !== "Running") continue;
        const mem = Math.round(p.memoryBytesPerPod);
        lines.push(`container_memory_working_set_bytes${lbl({ ...base(a), pod: pod.name, container: "app" })} ${mem}`);
      }
    }
    lines.push(
      "# HELP kube_pod_container_status_restarts_total Container restarts (kube-state-metrics name).",
      "# TYPE kube_pod_container_status_restarts_total counter",
    );
    for (const a of apps) {
      for (const pod of workloadOf(a, now).pods) {
        lines.push(
          `kube_pod_container_status_restarts_total${lbl({ ...base(a), pod: pod.name, container: "app" })} ${pod.restarts}`,
        );
      }
    }
    lines.push(
      "# HELP kube_deployment_status_replicas_available Available replicas of the application's Deployment.",
      "# TYPE kube_deployment_status_replicas_available gauge",
    );
    for (const a of apps) {
      const ready = workloadOf(a, now).pods.filter((p) => p.ready).length;
      lines.push(`kube_deployment_status_replicas_available${lbl({ ...base(a), deployment: a.app })} ${ready}`);
    }
    lines.push(
      "# HELP nura_sandbox_release_info The release the sandbox runs (1 per application).",
      "# TYPE nura_sandbox_release_info gauge",
    );
    for (const a of apps)
      lines.push(
        `nura_sandbox_release_info${lbl({ ...base(a), image_tag: a.live.tag, health: a.health.status, sync: a.syncStatus })} 1`,
      );
    return `${lines.join("\n")}\n`;
  }
}

export function exporterSpec(exporter: WorkloadExporter): EmulatorSpec {
  const router = new Router();
  router.on("GET", "/metrics", ({ res }) =>
    sendText(res, 200, exporter.render(), {}, "text/plain; version=0.0.4; charset=utf-8"),
  );
  router.on("GET", "/", ({ res }) => sendText(res, 200, "nura sandbox workload exporter: /metrics\n"));
  return { name: "exporter", router };
}
