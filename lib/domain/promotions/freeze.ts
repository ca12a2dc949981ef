// Change freezes: windows during which nothing is promoted to an environment unless an admin overrides
// with a written reason. A release manager writes them in config/catalog.yaml as either a weekly window
// ("Fri 18:00" → "Mon 06:00") or a one-off range ("2026-12-23 00:00" → "2027-01-04 08:00"), each in an
// IANA time zone so "Friday evening" means the team's Friday evening, daylight saving included. Pure:
// wall-clock arithmetic uses the runtime's Intl time-zone database, nothing is read from disk.
import { z } from "zod";

const DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;
const WEEKLY_TIME = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) ([01]\d|2[0-3]):([0-5]\d)$/;
const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T]([01]\d|2[0-3]):([0-5]\d)$/;
const MINUTES_PER_WEEK = 7 * 24 * 60;

export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

const common = {
  /** Shown to people: "weekend freeze", "year-end freeze". */
  name: z.string().min(1),
  /** Why, shown with the refusal ("Black Friday traffic"). */
  reason: z.string().default(""),
  timeZone: z.string().refine(isTimeZone, "must be an IANA time zone like Europe/Berlin or UTC"),
};

const weeklyWindowSchema = z.strictObject({
  ...common,
  weekly: z.strictObject({
    from: z.string().regex(WEEKLY_TIME, 'must be a weekday and a 24-hour time like "Fri 18:00"'),
    to: z.string().regex(WEEKLY_TIME, 'must be a weekday and a 24-hour time like "Mon 06:00"'),
  }),
});

const localDateTime = z
  .string()
  .regex(LOCAL_DATE_TIME, 'must be a local date and time like "2026-12-23 00:00"')
  .refine((s) => parseLocal(s) !== null, "is not a real calendar date");

const rangeWindowSchema = z.strictObject({ ...common, from: localDateTime, to: localDateTime });

export const freezeWindowSchema = z.union([weeklyWindowSchema, rangeWindowSchema]).superRefine((w, ctx) => {
  if ("weekly" in w) {
    if (w.weekly.from === w.weekly.to) {
      ctx.addIssue({ code: "custom", path: ["weekly", "to"], message: "must differ from weekly.from" });
    }
  } else if (normaliseLocal(w.to) <= normaliseLocal(w.from)) {
    ctx.addIssue({ code: "custom", path: ["to"], message: "must be after from" });
  }
});
export type FreezeWindow = z.infer<typeof freezeWindowSchema>;

export interface FreezeStatus {
  frozen: boolean;
  /** The window in force (the one that lasts longest when several overlap). */
  window: { name: string; reason: string } | null;
  /** When promotions may go ahead again (end of the window, or of the chain of adjoining windows). */
  until: Date | null;
}

/** Whether `now` falls in one of the environment's freeze windows, and until when. */
export function freezeStatus(env: { freezeWindows: readonly FreezeWindow[] }, now: Date): FreezeStatus {
  let active = activeWindows(env.freezeWindows, now);
  if (active.length === 0) return { frozen: false, window: null, until: null };
  const longest = active.reduce((a, b) => (b.until > a.until ? b : a));
  let until = longest.until;
  // A window that starts exactly when another ends (or overlaps its end) keeps the freeze going.
  for (let i = 0; i < env.freezeWindows.length; i++) {
    active = activeWindows(env.freezeWindows, until);
    if (active.length === 0) break;
    until = active.reduce((a, b) => (b.until > a.until ? b : a)).until;
  }
  return { frozen: true, window: { name: longest.window.name, reason: longest.window.reason }, until };
}

function activeWindows(windows: readonly FreezeWindow[], at: Date): { window: FreezeWindow; until: Date }[] {
  const out: { window: FreezeWindow; until: Date }[] = [];
  for (const w of windows) {
    const until = "weekly" in w ? weeklyUntil(w, at) : rangeUntil(w, at);
    if (until) out.push({ window: w, until });
  }
  return out;
}

function rangeUntil(w: { from: string; to: string; timeZone: string }, at: Date): Date | null {
  const from = zonedInstant(parseLocal(w.from)!, w.timeZone);
  const to = zonedInstant(parseLocal(w.to)!, w.timeZone);
  return at >= from && at < to ? to : null;
}

function weeklyUntil(w: { weekly: { from: string; to: string }; timeZone: string }, at: Date): Date | null {
  const wall = wallClock(at, w.timeZone);
  const x = wall.weekday * 1440 + wall.hour * 60 + wall.minute;
  const from = minuteOfWeek(w.weekly.from);
  const to = minuteOfWeek(w.weekly.to);
  const inside = from < to ? x >= from && x < to : x >= from || x < to;
  if (!inside) return null;
  // Walk the wall clock forward to the window's end, then map that local time back to an instant.
  const minutesLeft = (to - x + MINUTES_PER_WEEK) % MINUTES_PER_WEEK;
  const end = new Date(Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute + minutesLeft));
  return zonedInstant(
    {
      year: end.getUTCFullYear(),
      month: end.getUTCMonth() + 1,
      day: end.getUTCDate(),
      hour: end.getUTCHours(),
      minute: end.getUTCMinutes(),
    },
    w.timeZone,
  );
}

function minuteOfWeek(spec: string): number {
  const m = WEEKLY_TIME.exec(spec)!;
  return DAYS.indexOf(m[1] as (typeof DAYS)[number]) * 1440 + Number(m[2]) * 60 + Number(m[3]);
}

interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

function normaliseLocal(s: string): string {
  return s.replace(" ", "T");
}

function parseLocal(s: string): LocalTime | null {
  const m = LOCAL_DATE_TIME.exec(s);
  if (!m) return null;
  const t = { year: +m[1]!, month: +m[2]!, day: +m[3]!, hour: +m[4]!, minute: +m[5]! };
  const d = new Date(Date.UTC(t.year, t.month - 1, t.day));
  // Date.UTC rolls 2026-02-30 over to March: a real date survives the round trip.
  return d.getUTCFullYear() === t.year && d.getUTCMonth() === t.month - 1 && d.getUTCDate() === t.day ? t : null;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      weekday: "short",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall clock in `timeZone` at `at` (weekday 0 = Monday). */
function wallClock(at: Date, timeZone: string): LocalTime & { weekday: number } {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(at)) parts[p.type] = p.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    weekday: DAYS.indexOf(parts.weekday as (typeof DAYS)[number]),
  };
}

/** Minutes the zone is ahead of UTC at `at`. */
function offsetMinutes(at: Date, timeZone: string): number {
  const w = wallClock(at, timeZone);
  const wallAsUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
  return Math.round((wallAsUtc - Math.floor(at.getTime() / 60_000) * 60_000) / 60_000);
}

/**
 * The instant a local wall-clock time names in `timeZone`, disambiguated like Temporal's "compatible":
 * an ambiguous autumn time is its first occurrence; a time skipped by a spring-forward gap is moved
 * forward by the gap (Berlin 02:30 on that night → 03:30).
 */
function zonedInstant(t: LocalTime, timeZone: string): Date {
  const asUtc = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute);
  const before = offsetMinutes(new Date(asUtc - 36 * 3_600_000), timeZone);
  const after = offsetMinutes(new Date(asUtc + 36 * 3_600_000), timeZone);
  const first = asUtc - Math.max(before, after) * 60_000;
  if (offsetMinutes(new Date(first), timeZone) === Math.max(before, after)) {
    const check = wallClock(new Date(first), timeZone);
    if (check.hour === t.hour && check.minute === t.minute) return new Date(first);
  }
  const second = asUtc - Math.min(before, after) * 60_000;
  const check = wallClock(new Date(second), timeZone);
  if (check.hour === t.hour && check.minute === t.minute) return new Date(second);
  // In a gap: the local time never happens; keep the offset from before the jump.
  return new Date(asUtc - before * 60_000);
}
