// Verification after a deploy: the target's error ratio and p95 latency over the watch window,
// sampled from Prometheus, against the environment's thresholds. Pure; the executor queries
// Prometheus (through the Grafana adapter) and passes the samples in. The worst sample in the window
// decides each check, so a spike during the rollout fails it; no usable sample is a failure too
// ("no data" is not evidence of health).

export interface VerificationThresholds {
  /** Highest acceptable ratio of 5xx responses, 0..1. */
  maxErrorRatio: number;
  /** Highest acceptable 95th percentile latency in milliseconds. */
  maxP95Ms: number;
}

/** Prometheus range-query values as [unix seconds, value] or {t, v}; null/NaN/Inf are gaps. */
export type Sample = { t: number; v: number | null } | readonly [number, number | string | null];

export interface VerificationSamples {
  errorRatio: readonly Sample[];
  p95Ms: readonly Sample[];
}

export interface VerificationCheck {
  name: string;
  /** The worst sample in the window, or null when there was none. */
  value: number | null;
  threshold: number;
  ok: boolean;
  /** One line a person reads: "error ratio 0.8% ≤ 5%", "no data for p95 latency in the window". */
  detail: string;
  samples: number;
}

export interface VerificationResult {
  passed: boolean;
  checks: VerificationCheck[];
  summary: string;
}

function values(samples: readonly Sample[]): number[] {
  const out: number[] = [];
  for (const s of samples) {
    const raw = Array.isArray(s) ? s[1] : (s as { v: number | null }).v;
    const v = typeof raw === "string" ? Number(raw) : raw;
    if (typeof v === "number" && Number.isFinite(v)) out.push(v);
  }
  return out;
}

const percent = (r: number) => `${Number((r * 100).toPrecision(3))}%`;
const ms = (v: number) => `${Number(v.toPrecision(4))} ms`;

function check(
  name: string,
  samples: readonly Sample[],
  threshold: number,
  show: (v: number) => string,
): VerificationCheck {
  const vs = values(samples);
  if (vs.length === 0) {
    return {
      name,
      value: null,
      threshold,
      ok: false,
      samples: 0,
      detail: `no data for ${name} in the watch window (is the service receiving traffic and scraped?)`,
    };
  }
  const worst = Math.max(...vs);
  const ok = worst <= threshold;
  return {
    name,
    value: worst,
    threshold,
    ok,
    samples: vs.length,
    detail: ok
      ? `${name} ${show(worst)} ≤ ${show(threshold)}`
      : `${name} reached ${show(worst)}, above the limit of ${show(threshold)}`,
  };
}

export function evaluateVerification(
  samples: VerificationSamples,
  thresholds: VerificationThresholds,
): VerificationResult {
  const checks = [
    check("error ratio", samples.errorRatio, thresholds.maxErrorRatio, percent),
    check("p95 latency", samples.p95Ms, thresholds.maxP95Ms, ms),
  ];
  const passed = checks.every((c) => c.ok);
  const failed = checks.filter((c) => !c.ok);
  const summary = passed
    ? `verification passed: ${checks.map((c) => c.detail).join("; ")}`
    : `verification failed: ${failed.map((c) => c.detail).join("; ")}`;
  return { passed, checks, summary };
}
