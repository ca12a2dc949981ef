import "server-only";
// When a tag first reached the first environment of the promotion path: DORA's lead time starts
// there. The source of truth is the GitOps repository — the oldest commit at which the first
// environment's values file deploys the tag (gitFirstCommitLookup). Where git cannot say (not
// configured, unreachable, a tag older than the history it reads), the portal's own records stand
// in: the earliest promotion of that tag out of the first environment (requestedOutOfFirstLookup),
// which is requested after the dev commit and so errs on the short side.
import type { Catalog } from "@/lib/catalog";
import type { DbTx } from "@/lib/db";
import type { GitOpsApi } from "@/lib/integrations/git/api";
import { type FirstCommitLookup, tagKey } from "./dora";

/** The earliest promotion request of each tag out of the first environment. One query for all the tags. */
export function requestedOutOfFirstLookup(db: DbTx, catalog: Catalog): FirstCommitLookup {
  const first = catalog.promotionPath[0]!;
  return async (tags) => {
    const out = new Map<string, Date>();
    if (tags.length === 0) return out;
    const rows = await db.promotion.groupBy({
      by: ["application", "imageTag"],
      where: {
        fromEnvironment: first,
        application: { in: [...new Set(tags.map((t) => t.application))] },
        imageTag: { in: [...new Set(tags.map((t) => t.imageTag))] },
      },
      _min: { createdAt: true },
    });
    for (const r of rows) if (r._min.createdAt) out.set(tagKey(r.application, r.imageTag), r._min.createdAt);
    return out;
  };
}

/** First commits found in git, by tagKey: they never change (the branch is never rewritten). */
export type FirstCommitCache = Map<string, Date>;
const CACHE_LIMIT = 10_000;
const holder = globalThis as { __nuraFirstCommits?: FirstCommitCache };
holder.__nuraFirstCommits ??= new Map();
const processCache = holder.__nuraFirstCommits;

/**
 * The first GitOps commit of each tag in the first environment's values file, read from the
 * repository (one history read per application with unknown tags, then remembered); tags git
 * does not answer for go to `fallback`.
 */
export function gitFirstCommitLookup(
  git: Pick<GitOpsApi, "firstCommitsOfTags">,
  catalog: Catalog,
  fallback: FirstCommitLookup,
  cache: FirstCommitCache = processCache,
): FirstCommitLookup {
  const first = catalog.promotionPath[0]!;
  return async (tags) => {
    const out = new Map<string, Date>();
    const unknown = new Map<string, Set<string>>();
    for (const t of tags) {
      const hit = cache.get(tagKey(t.application, t.imageTag));
      if (hit) out.set(tagKey(t.application, t.imageTag), hit);
      else unknown.set(t.application, (unknown.get(t.application) ?? new Set()).add(t.imageTag));
    }
    await Promise.all(
      [...unknown].map(async ([name, appTags]) => {
        const app = catalog.applications.find((a) => a.name === name);
        if (!app?.valuesFiles[first]) return;
        // Unreachable or refused: those tags go to the fallback below.
        const found = await git.firstCommitsOfTags(app, first, [...appTags]).catch(() => new Map());
        if (cache.size > CACHE_LIMIT) cache.clear();
        for (const [tag, commit] of found) {
          const at = new Date(commit.date);
          if (Number.isNaN(at.getTime())) continue;
          cache.set(tagKey(name, tag), at);
          out.set(tagKey(name, tag), at);
        }
      }),
    );
    const rest = tags.filter((t) => !out.has(tagKey(t.application, t.imageTag)));
    if (rest.length > 0) for (const [k, at] of await fallback(rest)) out.set(k, at);
    return out;
  };
}
