// Time formatting: one absolute format and one relative format for the whole portal (issue 13
// item 11), in the viewer's time zone with UTC alongside. Every string is built from numeric
// Intl parts, never from a locale's month names or zone abbreviations, so the server (Node's ICU)
// and the browser (Chromium's ICU) render the same text and hydration never mismatches.

export const UTC = "UTC";

/** The cookie the browser reports its zone in (a plain module: a server component cannot read a
 *  constant exported from a "use client" file — it would get a client reference, not the string). */
export const TIME_ZONE_COOKIE = "tz";

/** An IANA zone this runtime knows, else UTC (a cookie or a header may carry anything). */
export function resolveTimeZone(zone: string | null | undefined): string {
  if (!zone) return UTC;
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return UTC;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function partsFormatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    });
    formatters.set(zone, f);
  }
  return f;
}

interface WallClock {
  date: string; // 2026-12-01
  hm: string; // 11:04
  hms: string; // 11:04:05
  offsetMinutes: number;
}

function wallClock(d: Date, zone: string): WallClock {
  const p: Record<string, string> = {};
  for (const part of partsFormatter(zone).formatToParts(d)) p[part.type] = part.value;
  const hour = p.hour === "24" ? "00" : p.hour;
  const asUtc = Date.UTC(
    Number(p.year),
    Number(p.month) - 1,
    Number(p.day),
    Number(hour),
    Number(p.minute),
    Number(p.second),
  );
  const wholeSeconds = Math.floor(d.getTime() / 1000) * 1000;
  return {
    date: `${p.year}-${p.month}-${p.day}`,
    hm: `${hour}:${p.minute}`,
    hms: `${hour}:${p.minute}:${p.second}`,
    offsetMinutes: Math.round((asUtc - wholeSeconds) / 60_000),
  };
}

/** "UTC", "UTC+1", "UTC−3:30" (a real minus sign, as typographers write offsets). */
export function zoneLabel(offsetMinutes: number, zone: string): string {
  if (zone === UTC || zone === "Etc/UTC") return UTC;
  const sign = offsetMinutes < 0 ? "−" : "+";
  const abs = Math.abs(offsetMinutes);
  const h = Math.floor(abs / 60);
  const m = abs % 60;
  return `UTC${sign}${h}${m ? `:${String(m).padStart(2, "0")}` : ""}`;
}

function parse(iso: string): Date | null {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** The portal's absolute format: "2026-12-01 11:04 UTC+1" in `zone` (the audit log adds seconds). */
export function formatDateTime(iso: string, zone: string = UTC, opts: { seconds?: boolean } = {}): string {
  const d = parse(iso);
  if (!d) return iso;
  const w = wallClock(d, zone);
  return `${w.date} ${opts.seconds ? w.hms : w.hm} ${zoneLabel(w.offsetMinutes, zone)}`;
}

/** A time of day for "since …" and "updated …": "11:04 UTC+1"; seconds only when asked. */
export function formatClock(iso: string, zone: string = UTC, opts: { seconds?: boolean } = {}): string {
  const d = parse(iso);
  if (!d) return iso;
  const w = wallClock(d, zone);
  return `${opts.seconds ? w.hms : w.hm} ${zoneLabel(w.offsetMinutes, zone)}`;
}

/** What a hover shows: the instant in UTC to the second, "2026-12-01 10:04:05 UTC". */
export function formatUtcFull(iso: string): string {
  const d = parse(iso);
  if (!d) return iso;
  return `${d.toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

/** The hover text of a time shown in `zone`: its UTC form, and the local one when they differ. */
export function timeTitle(iso: string, zone: string = UTC): string {
  const utc = formatUtcFull(iso);
  if (resolveTimeZone(zone) === UTC) return utc;
  const d = parse(iso);
  if (!d) return iso;
  const w = wallClock(d, zone);
  return `${w.date} ${w.hms} ${zoneLabel(w.offsetMinutes, zone)} · ${utc}`;
}

/**
 * The portal's relative format, against `reference` (ISO, carried in the data so the server and the
 * browser agree): "just now", "4 min ago", "3 h ago", "2 d ago"; in the future "in 4 min".
 */
export function formatAgo(iso: string, reference: string): string {
  const ms = Date.parse(reference) - Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const future = ms < 0;
  const s = Math.round(Math.abs(ms) / 1000);
  if (s < 45) return "just now";
  const m = Math.round(s / 60);
  const h = Math.round(m / 60);
  const amount = m < 60 ? `${m} min` : h < 48 ? `${h} h` : `${Math.round(h / 24)} d`;
  return future ? `in ${amount}` : `${amount} ago`;
}

export function shortSha(sha: string): string {
  return sha.slice(0, 7);
}

/** A chart's x-axis label in `zone`: the time of day ("11:00"), or the day ("12-01") over long spans. */
export function formatAxisTime(ms: number, zone: string, spanMs: number): string {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return "";
  const w = wallClock(d, zone);
  return spanMs > 36 * 3_600_000 ? w.date.slice(5) : w.hm;
}
