// What each application does in each environment, second by second: its own traffic, error and
// latency level (seeded from app × env, so environments differ and restarts repeat the same world),
// a daily traffic shape (busy afternoons, quiet nights, UTC), and smooth noise. A healthy release
// stays well under the strictest verification thresholds of config/catalog.yaml (prod: 2 % errors,
// p95 800 ms); a Degraded one (the broken-release rule) is far over them. Pure: the exporter
// integrates it, the tests sample it.

export interface Profile {
  rps: number;
  /** Share of requests answered 5xx. */
  errorRatio: number;
  /** Share answered 4xx (client errors: never counted against a release). */
  clientErrorRatio: number;
  /** Mean of the exponentially distributed latency; its p95 is about 3 × the mean. */
  meanLatencySeconds: number;
  cpuCoresPerPod: number;
  memoryBytesPerPod: number;
}

export type HealthState = "Healthy" | "Progressing" | "Degraded" | string;

const ENV_TRAFFIC: Record<string, number> = { prod: 1, staging: 0.15, dev: 0.05 };
const APP_TRAFFIC: Record<string, number> = { "nura-core": 40, "nura-ui": 25, "nura-portal": 4 };
/** Smaller instances and debug logging outside prod make responses a little slower. */
const ENV_SLOWDOWN: Record<string, number> = { prod: 1, staging: 1.05, dev: 1.15 };

/** A 32-bit hash of a string (FNV-1a) mixed once more (xorshift), as a uniform number in [0, 1). */
export function unit(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  h ^= h << 13;
  h ^= h >>> 17;
  h ^= h << 5;
  return (h >>> 0) / 2 ** 32;
}

/** Smooth noise in [-1, 1]: seeded values every `periodMs`, cosine-interpolated in between. */
export function smoothNoise(seed: string, t: number, periodMs: number): number {
  const i = Math.floor(t / periodMs);
  const f = (t - i * periodMs) / periodMs;
  const a = unit(`${seed}/${i}`) * 2 - 1;
  const b = unit(`${seed}/${i + 1}`) * 2 - 1;
  const w = (1 - Math.cos(Math.PI * f)) / 2;
  return a * (1 - w) + b * w;
}

/** Traffic relative to the daily peak: ~1 around 14:00 UTC, 0.35 at night, no jumps. */
export function dailyShape(t: number): number {
  const hour = (t / 3_600_000) % 24;
  const day = hour >= 6 && hour <= 22 ? Math.sin((Math.PI * (hour - 6)) / 16) : 0;
  return 0.35 + 0.65 * day;
}

/** The steady levels of one application in one environment. */
export function baseline(app: string, env: string) {
  const seed = `${app}@${env}`;
  const appTraffic = APP_TRAFFIC[app] ?? 4 + 8 * unit(`${app}/traffic`);
  return {
    rps: appTraffic * (ENV_TRAFFIC[env] ?? 0.1) * (0.8 + 0.4 * unit(`${seed}/rps`)),
    errorRatio: 0.0005 + 0.0035 * unit(`${seed}/errors`),
    clientErrorRatio: 0.004 + 0.012 * unit(`${seed}/4xx`),
    meanLatencySeconds: (0.035 + 0.075 * unit(`${app}/latency`)) * (ENV_SLOWDOWN[env] ?? 1),
    cpuCoresPerPod: 0.06 + 0.12 * unit(`${seed}/cpu`),
    memoryBytesPerPod: (150 + 120 * unit(`${app}/memory`)) * 2 ** 20,
  };
}

export function profileAt(app: string, env: string, health: HealthState, t: number): Profile {
  const b = baseline(app, env);
  const seed = `${app}@${env}`;
  const load = dailyShape(t);
  const n = (name: string, periodMs: number) => smoothNoise(`${seed}/${name}`, t, periodMs);
  const rps = b.rps * load * (1 + 0.1 * n("rps", 300_000) + 0.03 * n("rps-fast", 60_000));
  // Busier hours are a little slower.
  const meanLatencySeconds = b.meanLatencySeconds * (1 + 0.25 * (load - 0.35)) * (1 + 0.1 * n("latency", 90_000));
  const cpu = b.cpuCoresPerPod * (0.5 + load) * (1 + 0.1 * n("cpu", 60_000));
  if (health === "Degraded") {
    return {
      rps,
      errorRatio: 0.25 * (1 + 0.15 * n("errors", 30_000)),
      clientErrorRatio: b.clientErrorRatio,
      meanLatencySeconds: 1.2 * (1 + 0.1 * n("latency", 90_000)),
      cpuCoresPerPod: Math.max(0.45, cpu),
      memoryBytesPerPod: b.memoryBytesPerPod * 2.2,
    };
  }
  return {
    rps,
    errorRatio: b.errorRatio * (1 + 0.6 * n("errors", 45_000)),
    clientErrorRatio: b.clientErrorRatio * (1 + 0.3 * n("4xx", 60_000)),
    meanLatencySeconds,
    cpuCoresPerPod: cpu,
    memoryBytesPerPod: b.memoryBytesPerPod * (1 + 0.04 * n("memory", 120_000)),
  };
}

/** Share of requests faster than `le` seconds (the exponential latency distribution's CDF). */
export function fasterThan(le: number, meanLatencySeconds: number): number {
  return 1 - Math.exp(-le / meanLatencySeconds);
}
