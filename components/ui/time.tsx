"use client";
// <Time>: every time the portal shows, as <time datetime> in the viewer's time zone with UTC on
// hover (issue 13 item 11). The zone comes from TimeZoneProvider: the server renders with the zone
// the browser reported last (a cookie), so the first paint is already local and hydration matches;
// on a first visit (no cookie) it renders UTC and switches once the browser says where it is.
import { createContext, type ReactNode, useContext, useEffect, useState } from "react";
import {
  formatAgo,
  formatClock,
  formatDateTime,
  resolveTimeZone,
  TIME_ZONE_COOKIE,
  timeTitle,
  UTC,
} from "@/lib/domain/time-format";

const TimeZoneContext = createContext<string>(UTC);

export function TimeZoneProvider({ initial, children }: { initial: string; children?: ReactNode }) {
  const [zone, setZone] = useState(() => resolveTimeZone(initial));
  useEffect(() => {
    const actual = resolveTimeZone(Intl.DateTimeFormat().resolvedOptions().timeZone);
    if (actual === zone) return;
    setZone(actual);
    // A cookie (not localStorage) so the server renders local times on the next request.
    // biome-ignore lint/suspicious/noDocumentCookie: the Cookie Store API is not in every browser yet
    document.cookie = `${TIME_ZONE_COOKIE}=${encodeURIComponent(actual)}; path=/; max-age=31536000; samesite=lax`;
  }, [zone]);
  return <TimeZoneContext.Provider value={zone}>{children}</TimeZoneContext.Provider>;
}

/** The viewer's IANA time zone (UTC outside a provider). */
export function useTimeZone(): string {
  return useContext(TimeZoneContext);
}

type Props = {
  /** The instant, ISO 8601. */
  iso: string;
  className?: string;
  "data-testid"?: string;
};

/**
 * An absolute time, "2026-12-01 11:04 UTC+1" ("clock" drops the date: "11:04 UTC+1"), or with
 * `reference` the relative form "4 min ago" (the absolute one is then on hover, beside UTC).
 */
export function Time({
  iso,
  format = "datetime",
  reference,
  seconds,
  className,
  ...rest
}: Props & { format?: "datetime" | "clock" | "ago"; reference?: string; seconds?: boolean }) {
  const zone = useTimeZone();
  const text =
    format === "ago" && reference
      ? formatAgo(iso, reference)
      : format === "clock"
        ? formatClock(iso, zone, { seconds })
        : formatDateTime(iso, zone, { seconds });
  return (
    <time dateTime={iso} title={timeTitle(iso, zone)} className={className} data-testid={rest["data-testid"]}>
      {text}
    </time>
  );
}
