// The real Grafana adapter: POST /api/ds/query against the Prometheus datasource (by uid).
import { IntegrationError } from "@/lib/http/errors";
import { type HttpClientConfig, requestJson } from "../http-json";
import type { GrafanaApi } from "./api";
import { dashboardLink, mapDsQuery } from "./mapping";
import { dsQueryResponseSchema } from "./schemas";

const SYSTEM = "grafana";

export interface GrafanaClientConfig extends HttpClientConfig {
  datasourceUid: string;
}

export function createGrafanaClient(cfg: GrafanaClientConfig): GrafanaApi {
  return {
    async queryRange(queries, range, opts = {}) {
      const body = {
        from: range.from,
        to: range.to,
        queries: queries.map((q) => ({
          refId: q.refId,
          datasource: { type: "prometheus", uid: cfg.datasourceUid },
          expr: q.expr,
          range: true,
          instant: false,
          intervalMs: opts.intervalMs ?? 60_000,
          maxDataPoints: opts.maxDataPoints ?? 120,
          ...(q.legendFormat ? { legendFormat: q.legendFormat } : {}),
        })),
      };
      const res = await requestJson(cfg, {
        system: SYSTEM,
        operation: "queryRange",
        path: "/api/ds/query",
        method: "POST",
        body,
        schema: dsQueryResponseSchema,
        describeError: (status, b) => {
          // A failed query answers 400 with the per-query error in results.
          const parsed = dsQueryResponseSchema.safeParse(b);
          if (parsed.success) return mapDsQuery(parsed.data).error ?? `HTTP ${status}`;
          return (b as { message?: string })?.message ?? `HTTP ${status}`;
        },
      });
      const { series, error } = mapDsQuery(res);
      if (error) throw new IntegrationError(SYSTEM, 200, `queryRange: ${error}`);
      return series;
    },
    dashboardUrl(uid, range, vars) {
      return dashboardLink(cfg.baseUrl, uid, range, vars);
    },
  };
}
