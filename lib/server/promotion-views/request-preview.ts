// The request page (/promotions/new?app=…&to=…) before anyone asks: the tag live in the source
// environment, the exact values-file diff and the GitOps commits it brings, the source's Argo CD
// health, error ratio and p95 over the last hour, and the soak status. Each upstream answers on
// its own (a failing source shows its error; the rest still renders), through a short SWR cache so
// a warm page costs no upstream round trip.
import { type Catalog, findApplication, findEnvironment } from "@/lib/catalog";
import { keyMetricQueries, TIME_RANGES } from "@/lib/domain/metric-queries";
import { type SoakStatus, soakStatus } from "@/lib/domain/promotions/soak";
import { singleSeries } from "@/lib/domain/series";
import { type HourStats, hourStats } from "@/lib/domain/source-health";
import { badRequest, notFound } from "@/lib/http/errors";
import type { AppStatus, ArgoCdApi } from "@/lib/integrations/argocd/api";
import type { GrafanaApi } from "@/lib/integrations/grafana/api";
import { type CacheRead, SwrCache } from "../overview/swr-cache";

export interface GitCommitView {
  sha: string;
  author: string;
  date: string;
  message: string;
  url: string | null;
}

export interface GitPreview {
  valuesPath: string;
  /** The target's tag now, read from its values file. */
  currentTag: string | null;
  /** The exact unified diff the promotion will commit. */
  diff: string;
  /** GitOps commits that brought the source from the target's tag to the new one (newest first). */
  commits: GitCommitView[];
  /** False when the history did not reach back to the target's tag (commits = the newest ones only). */
  commitsComplete: boolean;
}

export type GitPreviewLoader = (q: {
  application: string;
  fromEnvironment: string;
  toEnvironment: string;
  imageTag: string;
  currentTag: string | null;
}) => Promise<GitPreview>;

export interface Section<T> {
  value: T | null;
  error: string | null;
  /** No value yet because the first read is still running (not failed): the page looks again. */
  pending: boolean;
}

export interface RequestPreview {
  application: string;
  fromEnvironment: string;
  fromEnvironmentName: string;
  toEnvironment: string;
  toEnvironmentName: string;
  approvalsRequired: number;
  /** The tag live in the source (what would be promoted); null when Argo CD cannot say. */
  imageTag: string | null;
  targetTag: string | null;
  /** Why a request cannot be made now (no newer tag…), or null. */
  blocker: string | null;
  source: Section<{
    syncStatus: string;
    health: string;
    healthMessage: string | null;
    revision: string | null;
    deployedAt: string | null;
  }>;
  metrics: Section<{ errorRatio: HourStats; p95Latency: HourStats }>;
  /** The target's soak rule against the source; healthySince as ISO for JSON. */
  soak: Omit<SoakStatus, "healthySince" | "readyAt"> & { healthySince: string | null; readyAt: string | null };
  git: Section<GitPreview>;
  generatedAt: string;
}

export interface PreviewDeps {
  catalog: () => Promise<Catalog>;
  argocd: Pick<ArgoCdApi, "getApplication">;
  grafana: Pick<GrafanaApi, "queryRange">;
  git: GitPreviewLoader | null;
  ttlMs?: number;
  coldWaitMs?: number;
  gitTtlMs?: number;
  gitColdWaitMs?: number;
  now?: () => Date;
}

const soakJson = (s: SoakStatus): RequestPreview["soak"] => ({
  ...s,
  healthySince: s.healthySince?.toISOString() ?? null,
  readyAt: s.readyAt?.toISOString() ?? null,
});

const section = <T>(r: CacheRead<T>): Section<T> => ({
  value: r.value,
  error: r.value === null ? r.error : null,
  pending: r.pending === true, // set only while there is no value yet
});

export function createRequestPreviewService(deps: PreviewDeps) {
  // The page decides which tag is promoted: right after a deploy it must show the new tag, not the
  // one cached before it (waitForRefresh), while many viewers still share one upstream call per TTL.
  const cache = new SwrCache({
    ttlMs: deps.ttlMs ?? 2_000,
    coldWaitMs: deps.coldWaitMs ?? 1_500,
    waitForRefresh: true,
  });
  // The diff needs a git fetch: refreshed less often (the commit re-checks the target's blob SHA and
  // supersedes the promotion if the file moved, so a preview seconds old can never commit a wrong diff).
  const gitCache = new SwrCache({ ttlMs: deps.gitTtlMs ?? 10_000, coldWaitMs: deps.gitColdWaitMs ?? 5_000 });

  return {
    clear: () => {
      cache.clear();
      gitCache.clear();
    },
    async get(appName: string, toName: string): Promise<RequestPreview> {
      const catalog = await deps.catalog();
      const app = findApplication(catalog, appName);
      if (!app) throw notFound(`Unknown application "${appName}"`);
      const to = findEnvironment(catalog, toName);
      if (!to) throw notFound(`Unknown environment "${toName}"`);
      const i = catalog.promotionPath.indexOf(to.name);
      if (i <= 0) {
        throw badRequest(
          `${to.name} is ${i === 0 ? "the first environment" : "not on the promotion path"}: nothing is promoted into it`,
        );
      }
      const from = findEnvironment(catalog, catalog.promotionPath[i - 1]!)!;
      const now = deps.now?.() ?? new Date();
      const sourceApp = app.argocdApps[from.name]!;
      const targetApp = app.argocdApps[to.name]!;
      const range = TIME_RANGES["1h"];
      const [source, target, metrics] = await Promise.all([
        cache.read<AppStatus>(`argocd:${sourceApp}`, () => deps.argocd.getApplication(sourceApp)),
        cache.read<AppStatus>(`argocd:${targetApp}`, () => deps.argocd.getApplication(targetApp)),
        cache.read(`metrics:${from.name}:${app.name}`, () =>
          deps.grafana.queryRange(
            keyMetricQueries({ env: from.name, app: app.name }, [], "1h").filter((q) => q.refId !== "requestRate"),
            { from: range.from, to: "now" },
            { intervalMs: range.intervalMs, maxDataPoints: 60 },
          ),
        ),
      ]);
      const imageTag = source.value?.imageTag ?? null;
      const targetTag = target.value?.imageTag ?? null;
      const blocker = !imageTag
        ? `the tag live in ${from.name} is unknown (Argo CD: ${source.error ?? "no image"})`
        : imageTag === targetTag
          ? `${to.name} already runs ${imageTag}: there is no newer tag in ${from.name}`
          : null;
      const git: Section<GitPreview> = !imageTag
        ? { value: null, error: "no tag to compare", pending: source.pending === true }
        : !deps.git
          ? { value: null, error: "the GitOps repository is not configured (GITOPS_REPO_URL)", pending: false }
          : section(
              await gitCache.read(`git:${app.name}:${from.name}:${to.name}:${imageTag}:${targetTag}`, () =>
                deps.git!({
                  application: app.name,
                  fromEnvironment: from.name,
                  toEnvironment: to.name,
                  imageTag,
                  currentTag: targetTag,
                }),
              ),
            );
      const s = source.value;
      return {
        application: app.name,
        fromEnvironment: from.name,
        fromEnvironmentName: from.displayName,
        toEnvironment: to.name,
        toEnvironmentName: to.displayName,
        approvalsRequired: to.approvalsRequired,
        imageTag,
        targetTag,
        blocker,
        source: s
          ? {
              value: {
                syncStatus: s.syncStatus,
                health: s.health,
                healthMessage: s.healthMessage,
                revision: s.revision,
                deployedAt: s.lastDeploy?.deployedAt ?? null,
              },
              error: null,
              pending: false,
            }
          : { value: null, error: source.error, pending: source.pending === true },
        metrics: metrics.value
          ? {
              value: {
                errorRatio: hourStats(singleSeries(metrics.value.errorRatio ?? [])),
                p95Latency: hourStats(singleSeries(metrics.value.p95Latency ?? [])),
              },
              error: null,
              pending: false,
            }
          : { value: null, error: metrics.error, pending: metrics.pending === true },
        soak: soakJson(
          // Without a health history, "Healthy now and running since its last deploy" stands for
          // "Healthy since"; the executor checks the soak again before it commits.
          soakStatus({
            healthySince:
              s?.health === "Healthy" && s.lastDeploy?.deployedAt ? new Date(s.lastDeploy.deployedAt) : null,
            minSoakMinutes: to.minSoakMinutes,
            now,
          }),
        ),
        git,
        generatedAt: now.toISOString(),
      };
    },
  };
}

export type RequestPreviewService = ReturnType<typeof createRequestPreviewService>;
