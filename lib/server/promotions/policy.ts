// The promotion policy of one target environment, read from the catalog: approvals required,
// how long an approval and a request live, freeze windows, soak time, verification thresholds.
// (The rules themselves are lib/domain/promotions; this binds them to the catalog entry.)
import type { Catalog, EnvironmentConfig } from "@/lib/catalog";

type PolicyKeys = {
  approvalTtlMinutes?: number;
  requestTtlMinutes?: number;
  minSoakMinutes?: number;
  freezeWindows?: { start: string; end: string; reason?: string }[];
};

export function policyFor(catalog: Catalog, environment: string) {
  const env = catalog.environments.find((e) => e.name === environment) as (EnvironmentConfig & PolicyKeys) | undefined;
  if (!env) throw new Error(`environment ${environment} is not in the catalog`);
  const approvalTtlMinutes = env.approvalTtlMinutes ?? 24 * 60;
  const requestTtlMinutes = env.requestTtlMinutes ?? 7 * 24 * 60;
  return {
    approvalsRequired: env.approvalsRequired,
    approvalTtlMinutes,
    requestTtlMinutes,
    minSoakMinutes: env.minSoakMinutes ?? 0,
    approvalExpiresAt: (now: Date) => new Date(now.getTime() + approvalTtlMinutes * 60_000),
    requestExpired: (createdAt: Date, now: Date) => now.getTime() - createdAt.getTime() > requestTtlMinutes * 60_000,
    /** The freeze window `now` falls in, described, or null. */
    freezeAt: (now: Date): string | null => {
      for (const w of env.freezeWindows ?? []) {
        if (now >= new Date(w.start) && now < new Date(w.end)) return `${w.reason ?? "freeze"} until ${w.end}`;
      }
      return null;
    },
  };
}
export type PromotionPolicy = ReturnType<typeof policyFor>;
