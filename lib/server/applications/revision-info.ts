// The history rows' image tag and commit subject, read from the GitOps repository (read-only).
// A commit never changes, so what was read once is kept (bounded, oldest dropped first): a page
// that polls every second asks git only about revisions it has not seen. A SHA git does not have
// is asked again only after a minute; a slow git (the working copy is shared with promotions'
// pushes) never holds the page longer than `waitMs` — its answer fills the cache for the next poll.
import type { GitOpsApplication, RevisionInfo } from "@/lib/integrations/git/api";

export type DescribeRevisions = (
  application: GitOpsApplication,
  environment: string,
  shas: readonly string[],
) => Promise<Map<string, RevisionInfo>>;

export interface RevisionLookup {
  /** The revisions known so far, by SHA (absent: not in the repository, or not read yet). */
  revisions: Record<string, RevisionInfo>;
  /** Why the last read failed, when it did; null otherwise. */
  error: string | null;
}

export interface RevisionCacheOptions {
  max?: number;
  waitMs?: number;
  missingRetryMs?: number;
  now?: () => number;
}

export function createRevisionCache(describeRevisions: DescribeRevisions, opts: RevisionCacheOptions = {}) {
  const max = opts.max ?? 1_000;
  const waitMs = opts.waitMs ?? 1_500;
  const missingRetryMs = opts.missingRetryMs ?? 60_000;
  const now = opts.now ?? Date.now;
  const known = new Map<string, RevisionInfo>();
  const missingUntil = new Map<string, number>();
  const inFlight = new Map<string, Promise<void>>();
  const errors = new Map<string, string>();
  const key = (app: string, env: string, sha: string) => `${app}\u0000${env}\u0000${sha}`;

  function remember(k: string, info: RevisionInfo) {
    known.delete(k);
    known.set(k, info);
    if (known.size > max) known.delete(known.keys().next().value!);
  }

  function read(app: GitOpsApplication, env: string, shas: string[]): Promise<void> {
    const flight = `${app.name}\u0000${env}\u0000${shas.join(",")}`;
    const running = inFlight.get(flight);
    if (running) return running;
    const p = describeRevisions(app, env, shas)
      .then((found) => {
        errors.delete(`${app.name}\u0000${env}`);
        for (const sha of shas) {
          const info = found.get(sha);
          if (info) remember(key(app.name, env, sha), info);
          else missingUntil.set(key(app.name, env, sha), now() + missingRetryMs);
        }
      })
      .catch((err: unknown) => {
        errors.set(`${app.name}\u0000${env}`, err instanceof Error ? err.message : String(err));
      })
      .finally(() => inFlight.delete(flight));
    inFlight.set(flight, p);
    return p;
  }

  return {
    async lookup(app: GitOpsApplication, env: string, shas: readonly string[]): Promise<RevisionLookup> {
      const wanted = [...new Set(shas.filter(Boolean))];
      const unread = wanted.filter((sha) => {
        const k = key(app.name, env, sha);
        return !known.has(k) && (missingUntil.get(k) ?? 0) <= now();
      });
      if (unread.length > 0) {
        let timer: ReturnType<typeof setTimeout> | undefined;
        await Promise.race([
          read(app, env, unread),
          new Promise<void>((resolve) => {
            timer = setTimeout(resolve, waitMs);
          }),
        ]);
        clearTimeout(timer);
      }
      const revisions: Record<string, RevisionInfo> = {};
      for (const sha of wanted) {
        const info = known.get(key(app.name, env, sha));
        if (info) revisions[sha] = info;
      }
      return { revisions, error: errors.get(`${app.name}\u0000${env}`) ?? null };
    },
    clear() {
      known.clear();
      missingUntil.clear();
      errors.clear();
    },
  };
}

export type RevisionCache = ReturnType<typeof createRevisionCache>;
