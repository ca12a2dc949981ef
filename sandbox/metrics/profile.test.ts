import { describe, expect, it } from "vitest";
import { loadCatalog } from "@/lib/catalog";
import { LATENCY_BUCKETS } from "./exporter";
import { dailyShape, fasterThan, profileAt } from "./profile";

const catalog = loadCatalog("config/catalog.yaml");
const DAY = 86_400_000;
const START = Date.UTC(2026, 11, 1);

/** p95 as Prometheus' histogram_quantile computes it from the exporter's buckets (linear within a bucket). */
function p95(mean: number): number {
  let lower = 0;
  let below = 0;
  for (const le of LATENCY_BUCKETS) {
    const share = fasterThan(le, mean);
    if (share >= 0.95) return lower + ((le - lower) * (0.95 - below)) / (share - below);
    lower = le;
    below = share;
  }
  return Number.POSITIVE_INFINITY;
}

const every = (stepMs: number) => Array.from({ length: DAY / stepMs }, (_, i) => START + i * stepMs);

describe("workload profiles", () => {
  for (const env of catalog.environments) {
    const { maxErrorRatio, maxP95Ms } = env.verification;
    for (const app of catalog.applications) {
      it(`${app.name} in ${env.name}: a healthy release stays under ${maxErrorRatio} errors and p95 ${maxP95Ms} ms all day; a Degraded one crosses both`, () => {
        const healthy = every(60_000).map((t) => profileAt(app.name, env.name, "Healthy", t));
        expect(Math.max(...healthy.map((p) => p.errorRatio))).toBeLessThan(maxErrorRatio / 2);
        expect(Math.max(...healthy.map((p) => p95(p.meanLatencySeconds) * 1000))).toBeLessThan(maxP95Ms * 0.75);
        const degraded = every(600_000).map((t) => profileAt(app.name, env.name, "Degraded", t));
        expect(Math.min(...degraded.map((p) => p.errorRatio))).toBeGreaterThan(maxErrorRatio * 3);
        expect(Math.min(...degraded.map((p) => p95(p.meanLatencySeconds) * 1000))).toBeGreaterThan(maxP95Ms * 2);
      });
    }
  }

  it("gives every application × environment its own levels", () => {
    const t = START + 14 * 3_600_000;
    const all = catalog.environments.flatMap((e) =>
      catalog.applications.map((a) => profileAt(a.name, e.name, "Healthy", t)),
    );
    expect(new Set(all.map((p) => p.errorRatio.toFixed(5))).size).toBe(all.length);
    expect(new Set(all.map((p) => p95(p.meanLatencySeconds).toFixed(4))).size).toBe(all.length);
  });

  it("follows the day (busy afternoon, quiet night) and moves smoothly", () => {
    const at = (h: number) => profileAt("nura-core", "prod", "Healthy", START + h * 3_600_000).rps;
    expect(at(14)).toBeGreaterThan(2 * at(3));
    expect(dailyShape(START + 14 * 3_600_000)).toBeCloseTo(1, 1);
    const minutes = every(60_000).map((t) => profileAt("nura-core", "prod", "Healthy", t).rps);
    const jumps = minutes.slice(1).map((v, i) => Math.abs(v - minutes[i]!) / minutes[i]!);
    expect(Math.max(...jumps)).toBeLessThan(0.15);
    expect(new Set(minutes.map((v) => v.toFixed(3))).size).toBeGreaterThan(1000);
  });

  it("is deterministic: the same world after a restart", () => {
    expect(profileAt("nura-ui", "staging", "Healthy", START)).toEqual(
      profileAt("nura-ui", "staging", "Healthy", START),
    );
  });
});
