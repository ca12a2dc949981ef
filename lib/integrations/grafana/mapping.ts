// Grafana data frames → series. Pure; tested with recorded /api/ds/query responses.
import type { Series, TimeRange } from "./api";
import type { WireDsQueryResponse, WireFrame } from "./schemas";

export function framesToSeries(frames: WireFrame[]): Series[] {
  const out: Series[] = [];
  for (const f of frames) {
    const fields = f.schema.fields;
    const timeIdx = fields.findIndex((x) => x.type === "time" || x.name === "Time");
    if (timeIdx < 0) continue;
    const times = f.data?.values[timeIdx] ?? [];
    fields.forEach((field, i) => {
      if (i === timeIdx || (field.type && field.type !== "number")) return;
      const values = f.data?.values[i] ?? [];
      const points: [number, number | null][] = [];
      times.forEach((t, j) => {
        if (typeof t !== "number") return;
        const v = values[j];
        points.push([t, typeof v === "number" && Number.isFinite(v) ? v : null]);
      });
      out.push({ labels: field.labels ?? {}, points });
    });
  }
  return out;
}

/** Per refId series; the first failed query's error, if any, as a message. */
export function mapDsQuery(body: WireDsQueryResponse): { series: Record<string, Series[]>; error: string | null } {
  const series: Record<string, Series[]> = {};
  let error: string | null = null;
  for (const [refId, r] of Object.entries(body.results)) {
    if (r.error && !error) error = `query ${refId}: ${r.error}`;
    series[refId] = framesToSeries(r.frames ?? []);
  }
  return { series, error };
}

export function dashboardLink(
  baseUrl: string,
  uid: string,
  range: TimeRange,
  vars: Record<string, string> = {},
  slug = "",
): string {
  const params = new URLSearchParams({ orgId: "1", from: range.from, to: range.to });
  for (const [k, v] of Object.entries(vars)) params.append(`var-${k}`, v);
  const path = `/d/${encodeURIComponent(uid)}${slug ? `/${encodeURIComponent(slug)}` : ""}`;
  return `${baseUrl.replace(/\/$/, "")}${path}?${params}`;
}
