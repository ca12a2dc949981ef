// The /promotions history filters, parsed from the URL: application, target environment, state
// ("active" = still in flight), person (requester or approver, by name or email) and a time window.
// Pure; bad values fall back to "no filter" rather than erroring a page a user bookmarked.
import { z } from "zod";
import { TERMINAL_STATUSES } from "./promotions/status";

export const HISTORY_WINDOWS = { "24h": 1, "7d": 7, "30d": 30, "90d": 90 } as const;
export type HistoryWindow = keyof typeof HISTORY_WINDOWS;

/** States a promotion ends in; every other state is "active" (in flight or awaiting approval). */
export const FINISHED_STATES = TERMINAL_STATUSES;

const name = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9-]{0,50}$/);
const optional = <T extends z.ZodType>(s: T) => s.optional().catch(undefined);

export const historyFiltersSchema = z.object({
  application: optional(name),
  environment: optional(name),
  state: optional(z.string().regex(/^[a-z_-]{1,30}$/)),
  // No NUL: the person is compared in PostgreSQL, whose text cannot hold it (the page was a 500).
  person: optional(
    z
      .string()
      .trim()
      .min(1)
      .max(100)
      .refine((s) => !s.includes("\u0000")),
  ),
  window: z.enum(Object.keys(HISTORY_WINDOWS) as [HistoryWindow, ...HistoryWindow[]]).catch("30d"),
});
export type HistoryFilters = z.infer<typeof historyFiltersSchema>;

type Search = Record<string, string | string[] | undefined>;

export function parseHistoryFilters(search: Search): HistoryFilters {
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;
  return historyFiltersSchema.parse({
    application: first(search.application),
    environment: first(search.environment),
    state: first(search.state),
    person: first(search.person),
    window: first(search.window) ?? "30d",
  });
}

export function windowStart(w: HistoryWindow, now: Date): Date {
  return new Date(now.getTime() - HISTORY_WINDOWS[w] * 86_400_000);
}

/** The query string of a filter set (omitting defaults), for links that keep the filters. */
export function historyQuery(f: Partial<HistoryFilters>): string {
  const p = new URLSearchParams();
  for (const k of ["application", "environment", "state", "person"] as const) if (f[k]) p.set(k, f[k]!);
  if (f.window && f.window !== "30d") p.set("window", f.window);
  const s = p.toString();
  return s ? `?${s}` : "";
}
