// The overview service: fans out to every upstream in parallel through one shared SWR cache, so
// a refresh interval costs at most one round of upstream calls however many people are looking.
import { createHash } from "node:crypto";
import type { Catalog } from "@/lib/catalog";
import { keyMetricQueries, type MetricId, SPARKLINE_RANGE, TIME_RANGES } from "@/lib/domain/metric-queries";
import type { RawSeries } from "@/lib/domain/series";
import type { Integrations } from "@/lib/integrations";
import type { AppStatus } from "@/lib/integrations/argocd/api";
import type { PortalSyncsByTarget } from "@/lib/server/applications/portal-syncs";
import type { DriftFinding } from "@/lib/server/infra/overview";
import { buildOverview, type PendingPromotion } from "./build";
import { SwrCache } from "./swr-cache";
import type { Overview } from "./types";

export interface OverviewDeps {
  integrations: Pick<Integrations, "argocd" | "kubernetes" | "eks" | "grafana">;
  catalog: () => Promise<Catalog>;
  pendingPromotions: () => Promise<PendingPromotion[]>;
  /** Drift per environment from the infra runs; optional (no drift badges without it). */
  drift?: () => Promise<DriftFinding[]>;
  /** Who started recent portal syncs (audit log); with portalAccount, credits people in the overview. */
  portalSyncs?: () => Promise<PortalSyncsByTarget>;
  portalAccount?: string;
  commitUrl: (sha: string) => string | null;
  pollIntervalMs: number;
  /** With no cached value, how long a read waits for an upstream before showing it as missing. */
  coldWaitMs?: number;
}

/** The overview as sent: JSON plus a strong ETag, so polling clients revalidate with a 304. */
export interface SerializedOverview {
  json: string;
  etag: string;
}

function serialize(overview: Overview): SerializedOverview {
  const json = JSON.stringify(overview);
  return { json, etag: `"${createHash("sha1").update(json).digest("base64url")}"` };
}

export interface OverviewService {
  get(): Promise<Overview>;
  /** The same overview serialised once per change (what GET /api/overview sends). */
  getJson(): Promise<SerializedOverview>;
  /** Forgets every cached value (the next read is cold). */
  clear(): void;
}

export function createOverviewService(deps: OverviewDeps): OverviewService {
  const cache = new SwrCache({ ttlMs: deps.pollIntervalMs, coldWaitMs: deps.coldWaitMs ?? 1_500 });
  const { argocd, kubernetes, eks, grafana } = deps.integrations;
  // The assembled overview is reused until a source changes, so a warm read costs a lookup.
  let last: { key: string; overview: Overview; serialized?: SerializedOverview } | undefined;

  const service: OverviewService = {
    async getJson() {
      const overview = await service.get();
      if (last?.overview !== overview) return serialize(overview);
      last.serialized ??= serialize(overview);
      return last.serialized;
    },
    clear: () => {
      cache.clear();
      last = undefined;
    },
    async get() {
      const catalog = await deps.catalog();
      const envNames = catalog.environments.map((e) => e.name);
      const range = TIME_RANGES[SPARKLINE_RANGE];
      const [argo, workloads, clusters, metrics, promotions, drift, cachedPortalSyncs] = await Promise.all([
        cache.read("argocd", () => argocd.listApplications()),
        Promise.all(
          catalog.environments.map((e) =>
            cache.read(`kubernetes:${e.name}`, () => kubernetes.listWorkloads(e.name, e.namespace)),
          ),
        ),
        Promise.all(
          catalog.environments.map((e) =>
            cache.read(`eks:${e.name}`, () => eks.describeCluster(e.eksCluster, e.awsRegion)),
          ),
        ),
        cache.read("grafana", async () => {
          const queries = keyMetricQueries({ env: envNames }, ["env"], SPARKLINE_RANGE);
          const r = await grafana.queryRange(
            queries,
            { from: range.from, to: "now" },
            { intervalMs: range.intervalMs, maxDataPoints: 60 },
          );
          return r as Partial<Record<MetricId, RawSeries[]>>;
        }),
        cache.read("promotions", deps.pendingPromotions),
        deps.drift ? cache.read("infra-drift", deps.drift) : undefined,
        deps.portalSyncs ? cache.read("audit:portal-syncs", deps.portalSyncs) : undefined,
      ]);
      // The portal writes a sync's audit intent before it calls Argo CD, so an audit read older than
      // a portal-started operation may miss it; reading again then credits the person on this poll
      // instead of saying "no audited sync matches" until the cached read expires.
      let portalSyncs = cachedPortalSyncs;
      if (portalSyncs && deps.portalSyncs && auditReadPredates(portalSyncs, argo.value, deps.portalAccount)) {
        cache.forget("audit:portal-syncs");
        portalSyncs = await cache.read("audit:portal-syncs", deps.portalSyncs);
      }
      const reads = [
        argo,
        ...workloads,
        ...clusters,
        metrics,
        promotions,
        ...(drift ? [drift] : []),
        ...(portalSyncs ? [portalSyncs] : []),
      ];
      const key = JSON.stringify([
        catalog.applications.length,
        reads.map((r) => [r.state, r.fetchedAt, r.since, r.error]),
      ]);
      if (last?.key === key) return last.overview;
      const overview = buildOverview({
        catalog,
        argocd: argo,
        workloads: Object.fromEntries(envNames.map((n, i) => [n, workloads[i]!])),
        clusters: Object.fromEntries(envNames.map((n, i) => [n, clusters[i]!])),
        metrics,
        promotions,
        drift,
        pollIntervalMs: deps.pollIntervalMs,
        commitUrl: deps.commitUrl,
        dashboardUrl: (env, uid) => grafana.dashboardUrl(uid, { from: range.from, to: "now" }, { env }) || null,
        now: new Date(),
        portalSyncs,
        portalAccount: deps.portalAccount,
      });
      last = { key, overview };
      return overview;
    },
  };
  return service;
}

/** Whether a portal-started operation began after the cached audit read (so it may be missing there). */
export function auditReadPredates(
  audit: { fetchedAt: string | null },
  apps: readonly Pick<AppStatus, "operation">[] | null,
  portalAccount = "portal",
): boolean {
  if (!audit.fetchedAt || !apps) return false;
  const read = Date.parse(audit.fetchedAt);
  return apps.some(({ operation: op }) => {
    const by = op?.initiatedBy;
    return !!op && by?.kind === "user" && by.username === portalAccount && Date.parse(op.startedAt) > read;
  });
}
