// Grafana HTTP API emulator: health, dashboard search, /api/ds/query answered from the real
// Prometheus (data-frame JSON), the datasource proxy, service-account Bearer auth, and dashboard
// deep-link pages.

import type { IncomingMessage, ServerResponse } from "node:http";
import { request } from "node:http";
import { z } from "zod";
import type { EmulatorSpec } from "../faults/managed-server";
import { type Ctx, escapeHtml, Router, readJson, sendJson, sendText } from "../lib/http";
import type { Dashboard } from "./dashboards";

export interface GrafanaOptions {
  token: string;
  datasourceUid: string;
  prometheusUrl: () => string;
  dashboards: Dashboard[];
}

/** The Grafana release the emulator answers as (its data frames follow that release's Prometheus data source). */
export const GRAFANA_VERSION = "12.2.0";
const GRAFANA_COMMIT = "sandbox0000";
const DATASOURCE_NAME = "Prometheus";

const queryBody = z.object({
  from: z.union([z.string(), z.number()]).default("now-6h"),
  to: z.union([z.string(), z.number()]).default("now"),
  queries: z
    .array(
      z
        .object({
          refId: z.string().default("A"),
          datasource: z.object({ type: z.string().optional(), uid: z.string() }).optional(),
          datasourceId: z.number().optional(),
          expr: z.string().optional(),
          range: z.boolean().optional(),
          instant: z.boolean().optional(),
          intervalMs: z.number().optional(),
          maxDataPoints: z.number().optional(),
          legendFormat: z.string().optional(),
        })
        .loose(),
    )
    .min(1),
});

/** Grafana's relative time syntax: now, now-5m, now-1h, now-2d, or epoch milliseconds. */
export function parseGrafanaTime(v: string | number, now = Date.now()): number | undefined {
  if (typeof v === "number") return v;
  if (/^\d+$/.test(v)) return Number(v);
  const m = /^now(?:-(\d+)([smhdw]))?$/.exec(v.trim());
  if (!m) {
    const t = Date.parse(v);
    return Number.isNaN(t) ? undefined : t;
  }
  if (!m[1]) return now;
  const unit = { s: 1e3, m: 6e4, h: 36e5, d: 864e5, w: 6048e5 }[m[2] as "s" | "m" | "h" | "d" | "w"];
  return now - Number(m[1]) * unit;
}

const num = (s: string) => (s === "NaN" || s === "+Inf" || s === "-Inf" ? null : Number(s));

interface PromResult {
  status: "success" | "error";
  data?: {
    resultType: string;
    result: { metric: Record<string, string>; values?: [number, string][]; value?: [number, string] }[];
  };
  errorType?: string;
  error?: string;
}

async function promGet(
  base: string,
  path: string,
  params: Record<string, string>,
): Promise<{ status: number; body: PromResult }> {
  const res = await fetch(`${base}${path}?${new URLSearchParams(params)}`, { signal: AbortSignal.timeout(30_000) });
  const text = await res.text();
  try {
    return { status: res.status, body: JSON.parse(text) as PromResult };
  } catch {
    return { status: res.status, body: { status: "error", errorType: "bad_response", error: text.slice(0, 200) } };
  }
}

export function grafanaSpec(o: GrafanaOptions): EmulatorSpec {
  const router = new Router();

  const authed = (fn: (ctx: Ctx) => unknown) => (ctx: Ctx) => {
    const h = ctx.req.headers.authorization;
    if (!h) return sendJson(ctx.res, 401, { message: "Unauthorized" });
    const token = /^Bearer\s+(.+)$/i.exec(h)?.[1];
    if (token !== o.token) return sendJson(ctx.res, 401, { message: "Invalid API key" });
    return fn(ctx);
  };

  router.on("GET", "/api/health", ({ res }) =>
    sendJson(res, 200, { database: "ok", version: GRAFANA_VERSION, commit: GRAFANA_COMMIT }),
  );

  router.on(
    "GET",
    "/api/search",
    authed(({ url, res }) => {
      const q = (url.searchParams.get("query") ?? "").toLowerCase();
      const tags = url.searchParams.getAll("tag");
      const uids = url.searchParams.getAll("dashboardUIDs");
      const type = url.searchParams.get("type");
      const limit = Number(url.searchParams.get("limit") ?? 1000);
      if (type && type !== "dash-db") return sendJson(res, 200, []);
      const hits = o.dashboards
        .filter((d) => !q || d.title.toLowerCase().includes(q))
        .filter((d) => tags.every((t) => d.tags.includes(t)))
        .filter((d) => !uids.length || uids.includes(d.uid))
        .slice(0, limit)
        .map((d) => ({
          id: d.id,
          uid: d.uid,
          orgId: 1,
          title: d.title,
          uri: `db/${d.slug}`,
          url: `/d/${d.uid}/${d.slug}`,
          slug: "",
          type: "dash-db",
          tags: d.tags,
          isStarred: false,
          sortMeta: 0,
          isDeleted: false,
          ...(d.folderTitle ? { folderUid: "nura", folderTitle: d.folderTitle, folderUrl: "/dashboards/f/nura/" } : {}),
        }));
      sendJson(res, 200, hits);
    }),
  );

  const datasource = () => ({
    id: 1,
    uid: o.datasourceUid,
    orgId: 1,
    name: DATASOURCE_NAME,
    type: "prometheus",
    typeName: "Prometheus",
    typeLogoUrl: "public/plugins/prometheus/img/prometheus_logo.svg",
    access: "proxy",
    url: o.prometheusUrl(),
    user: "",
    database: "",
    basicAuth: false,
    isDefault: true,
    jsonData: { httpMethod: "POST" },
    readOnly: true,
  });
  const notFound = (res: ServerResponse) => sendJson(res, 404, { message: "Data source not found" });

  router.on(
    "GET",
    "/api/datasources",
    authed(({ res }) => sendJson(res, 200, [datasource()])),
  );
  router.on(
    "GET",
    "/api/datasources/uid/:uid",
    authed(({ params, res }) => (params.uid === o.datasourceUid ? sendJson(res, 200, datasource()) : notFound(res))),
  );
  router.on(
    "GET",
    "/api/datasources/name/:name",
    authed(({ params, res }) => (params.name === DATASOURCE_NAME ? sendJson(res, 200, datasource()) : notFound(res))),
  );
  // The data source's own health check: promlib runs the instant query 1+1 against Prometheus.
  router.on(
    "GET",
    "/api/datasources/uid/:uid/health",
    authed(async ({ params, res }) => {
      if (params.uid !== o.datasourceUid) return notFound(res);
      let problem: string | undefined;
      try {
        const { status, body } = await promGet(o.prometheusUrl(), "/api/v1/query", { query: "1+1" });
        if (body.status !== "success") problem = body.error ?? `prometheus returned HTTP ${status}`;
      } catch (err) {
        problem = `Post "${o.prometheusUrl()}/api/v1/query": ${(err as Error).message}`;
      }
      if (!problem) return sendJson(res, 200, { status: "OK", message: "Successfully queried the Prometheus API." });
      sendJson(res, 400, {
        status: "ERROR",
        message: `There was an error returned querying the Prometheus API. ${problem}`,
      });
    }),
  );

  // What the web front end boots from; grafana-client's connect() reads buildInfo here.
  router.on(
    "GET",
    "/api/frontend/settings",
    authed(({ res }) => {
      const ds = datasource();
      sendJson(res, 200, {
        appUrl: "/",
        appSubUrl: "",
        authProxyEnabled: false,
        buildInfo: {
          buildstamp: 1_764_547_200,
          commit: GRAFANA_COMMIT,
          edition: "Open Source",
          env: "production",
          hasUpdate: false,
          hideVersion: false,
          latestVersion: "",
          version: GRAFANA_VERSION,
          versionString: `Grafana v${GRAFANA_VERSION} (${GRAFANA_COMMIT})`,
        },
        datasources: {
          [ds.name]: {
            id: ds.id,
            uid: ds.uid,
            type: ds.type,
            name: ds.name,
            access: ds.access,
            url: `/api/datasources/proxy/uid/${ds.uid}`,
            isDefault: true,
            jsonData: ds.jsonData,
            meta: {
              id: "prometheus",
              type: "datasource",
              name: "Prometheus",
              backend: true,
              metrics: true,
              alerting: true,
            },
            readOnly: true,
          },
        },
        defaultDatasource: ds.name,
        featureToggles: {},
        minRefreshInterval: "5s",
        unifiedAlertingEnabled: true,
      });
    }),
  );

  router.on(
    "POST",
    "/api/ds/query",
    authed(async ({ req, res }) => {
      let body: z.infer<typeof queryBody>;
      try {
        body = queryBody.parse(await readJson(req));
      } catch (err) {
        return sendJson(res, 400, { message: `bad request data: ${(err as Error).message.split("\n")[0]}` });
      }
      const now = Date.now();
      const from = parseGrafanaTime(body.from, now);
      const to = parseGrafanaTime(body.to, now);
      if (from === undefined || to === undefined) return sendJson(res, 400, { message: "invalid time range" });
      for (const q of body.queries) {
        if (q.datasource && q.datasource.uid !== o.datasourceUid && q.datasource.type !== "__expr__") {
          return sendJson(res, 404, { message: "Data source not found" });
        }
      }
      const results: Record<string, unknown> = {};
      let failed = false;
      for (const q of body.queries) {
        try {
          results[q.refId] = await runQuery(o.prometheusUrl(), q, from, to);
        } catch (err) {
          results[q.refId] = {
            error: `Post "${o.prometheusUrl()}/api/v1/query_range": ${(err as Error).message}`,
            errorSource: "downstream",
            status: 500,
          };
        }
        if ((results[q.refId] as { error?: string }).error) failed = true;
      }
      sendJson(res, failed ? 400 : 200, { results });
    }),
  );

  const proxy = authed(({ req, res, params, url }) => {
    if (params.uid !== o.datasourceUid) return sendJson(res, 404, { message: "Data source not found" });
    return forward(o.prometheusUrl(), `/${params.rest}${url.search}`, req, res);
  });
  router.on("GET", "/api/datasources/proxy/uid/:uid/*rest", proxy);
  router.on("POST", "/api/datasources/proxy/uid/:uid/*rest", proxy);

  router.on("GET", "/d/:uid/:slug", ({ params, url, res }) => dashboardPage(o, params.uid!, url, res));
  router.on("GET", "/d/:uid", ({ params, url, res }) => dashboardPage(o, params.uid!, url, res));

  return {
    name: "grafana",
    router,
    injectedError: (_req, res) => sendJson(res, 503, { message: "Service unavailable (sandbox fault injection)" }),
    notFound: (_req, res) => sendJson(res, 404, { message: "Not found" }),
  };
}

async function runQuery(
  base: string,
  q: {
    refId: string;
    expr?: string;
    instant?: boolean;
    range?: boolean;
    intervalMs?: number;
    maxDataPoints?: number;
    legendFormat?: string;
  },
  from: number,
  to: number,
) {
  if (!q.expr) return { error: "query expression is empty", errorSource: "downstream", status: 400 };
  const instant = q.instant === true && q.range !== true;
  const maxPoints = q.maxDataPoints ?? 1000;
  const stepSec = Math.max(1, Math.ceil((q.intervalMs ?? 15_000) / 1000), Math.ceil((to - from) / 1000 / maxPoints));
  const { status, body } = instant
    ? await promGet(base, "/api/v1/query", { query: q.expr, time: String(to / 1000) })
    : await promGet(base, "/api/v1/query_range", {
        query: q.expr,
        start: String(Math.floor(from / 1000 / stepSec) * stepSec),
        end: String(Math.floor(to / 1000 / stepSec) * stepSec),
        step: String(stepSec),
      });
  if (body.status !== "success" || !body.data) {
    return {
      error: body.error ?? `prometheus returned HTTP ${status}`,
      errorSource: "downstream",
      status: status >= 400 ? status : 500,
    };
  }
  const meta = {
    type: instant ? "numeric-multi" : "timeseries-multi",
    typeVersion: [0, 1],
    custom: { resultType: instant ? "vector" : "matrix" },
  };
  const executedQueryString = `Expr: ${q.expr}\nStep: ${goDuration(stepSec)}`;
  // Like promlib: one frame (with only the executed query) when Prometheus returned no series.
  if (body.data.result.length === 0) {
    return {
      status: 200,
      frames: [
        {
          schema: { refId: q.refId, meta: { typeVersion: [0, 0], executedQueryString }, fields: [] },
          data: { values: [] },
        },
      ],
    };
  }
  const frames = body.data.result.map((series, i) => {
    const points = series.values ?? (series.value ? [series.value] : []);
    const displayName = seriesName(q, series.metric);
    const values = points.map((p) => num(p[1]));
    // NaN and ±Inf travel as null plus an "entities" index list, as in Grafana's data frame JSON.
    const entities: Record<string, number[]> = {};
    points.forEach((p, j) => {
      const key = p[1] === "NaN" ? "NaN" : p[1] === "+Inf" ? "Inf" : p[1] === "-Inf" ? "NegInf" : undefined;
      if (key) entities[key] = [...(entities[key] ?? []), j];
    });
    return {
      schema: {
        // Grafana 11+ (dataplane): no frame name; the value field is named after __name__.
        refId: q.refId,
        meta: i === 0 ? { ...meta, executedQueryString } : meta,
        fields: [
          { name: "Time", type: "time", typeInfo: { frame: "time.Time" }, config: { interval: stepSec * 1000 } },
          {
            name: series.metric.__name__ ?? "Value",
            type: "number",
            typeInfo: { frame: "float64" },
            labels: series.metric,
            config: displayName ? { displayNameFromDS: displayName } : {},
          },
        ],
      },
      data: {
        values: [points.map((p) => Math.round(p[0] * 1000)), values],
        ...(Object.keys(entities).length ? { entities: [null, entities] } : {}),
      },
    };
  });
  return { status: 200, frames };
}

/** Go's time.Duration.String() for whole seconds: 15s, 1m30s, 1h0m0s (Grafana prints the step so). */
export function goDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h) return `${h}h${m}m${s}s`;
  if (m) return `${m}m${s}s`;
  return `${s}s`;
}

/**
 * The series' display name as promlib's getName computes it: the legend format with {{label}}s filled
 * in, nothing for "__auto" on a labelled series, else metric{a="x", b="y"}; "{}" becomes the expression.
 */
export function seriesName(q: { expr?: string; legendFormat?: string }, metric: Record<string, string>): string {
  const { __name__: name, ...labels } = metric;
  let legend =
    Object.keys(labels).length === 0
      ? (name ?? "{}")
      : `${name ?? ""}{${Object.entries(labels)
          .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
          .sort()
          .join(", ")}}`;
  if (q.legendFormat === "__auto") {
    if (Object.keys(metric).length > 0) legend = "";
  } else if (q.legendFormat) {
    legend = q.legendFormat.replace(/\{\{\s*(.+?)\s*\}\}/g, (_, k: string) => metric[k] ?? "");
  }
  return legend === "{}" ? (q.expr ?? "") : legend;
}

function forward(base: string, path: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const target = new URL(path, base);
  return new Promise((resolve) => {
    const up = request(
      target,
      {
        method: req.method,
        headers: { "content-type": String(req.headers["content-type"] ?? ""), accept: "application/json" },
      },
      (r) => {
        res.writeHead(r.statusCode ?? 502, { "content-type": String(r.headers["content-type"] ?? "application/json") });
        r.pipe(res);
        r.on("end", resolve);
      },
    );
    up.on("error", (err) => {
      if (!res.headersSent) sendJson(res, 502, { message: `Bad Gateway: ${err.message}` });
      resolve();
    });
    req.pipe(up);
  });
}

function dashboardPage(o: GrafanaOptions, uid: string, url: URL, res: ServerResponse) {
  const d = o.dashboards.find((x) => x.uid === uid);
  if (!d)
    return sendText(
      res,
      404,
      `<!doctype html><title>Dashboard not found</title><h1>Dashboard not found</h1><p>${escapeHtml(uid)}</p>`,
      {},
      "text/html; charset=utf-8",
    );
  const vars = [...url.searchParams].filter(([k]) => k.startsWith("var-"));
  const from = url.searchParams.get("from") ?? "now-6h";
  const to = url.searchParams.get("to") ?? "now";
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(d.title)} - Dashboards - Grafana (sandbox)</title>
<style>body{font-family:system-ui,sans-serif;background:#111217;color:#ccccdc;margin:2rem}code{background:#22252b;padding:2px 4px}li{margin:.2rem 0}</style></head>
<body><h1>${escapeHtml(d.title)}</h1><p>Sandbox Grafana: dashboard <code>${escapeHtml(d.uid)}</code>, time range <code>${escapeHtml(from)}</code> to <code>${escapeHtml(to)}</code>.</p>
<h2>Variables</h2><ul>${vars.map(([k, v]) => `<li><code>${escapeHtml(k.slice(4))}</code> = <code>${escapeHtml(v)}</code></li>`).join("") || "<li>none</li>"}</ul>
<p>Panels are not rendered by the sandbox; query the data through <code>/api/ds/query</code>.</p></body></html>`;
  sendText(res, 200, html, {}, "text/html; charset=utf-8");
}
