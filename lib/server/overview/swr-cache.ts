// A tiny stale-while-revalidate cache for upstream reads: at most one call per source per TTL
// (single-flight, also after a failure), the last good value kept when a refresh fails, and a
// bounded wait when there is no value yet so a page still renders when an upstream hangs.

export type CacheState = "ok" | "stale" | "missing";

export interface CacheRead<T> {
  value: T | null;
  state: CacheState;
  /** stale: when the value shown was fetched; missing: since when the source has failed. */
  since: string | null;
  error: string | null;
  fetchedAt: string | null;
  /** missing only: the first load is still running (a page can say "loading" and look again). */
  pending?: boolean;
}

interface Entry<T> {
  value?: T;
  fetchedAt?: number;
  attemptedAt?: number;
  failingSince?: number;
  error?: string;
  inflight?: Promise<void>;
}

export interface SwrOptions {
  /** A value younger than this is served without calling the upstream. */
  ttlMs: number;
  /** With no value yet, how long a read waits for the first load before answering "missing". */
  coldWaitMs: number;
  /**
   * A value older than the TTL is not served while its refresh runs: the read waits for the refresh
   * (at most coldWaitMs, then the old value is served as before). For pages a decision is taken on
   * (which tag to promote), where an answer from before the last change misleads; dashboards that
   * poll keep the default, stale-while-revalidate.
   */
  waitForRefresh?: boolean;
  now?: () => number;
}

const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());

export class SwrCache {
  private entries = new Map<string, Entry<unknown>>();
  constructor(private opts: SwrOptions) {}

  private now() {
    return this.opts.now?.() ?? Date.now();
  }

  /** Drops every value (a cold start). */
  clear(): void {
    this.entries.clear();
  }

  /** Drops one value, so the next read calls the upstream (after a change the portal made). */
  forget(key: string): void {
    this.entries.delete(key);
  }

  async read<T>(key: string, load: () => Promise<T>): Promise<CacheRead<T>> {
    let e = this.entries.get(key) as Entry<T> | undefined;
    if (!e) {
      e = {};
      this.entries.set(key, e as Entry<unknown>);
    }
    const entry = e;
    const now = this.now();
    const due = entry.attemptedAt === undefined || now - entry.attemptedAt >= this.opts.ttlMs;
    if (due && !entry.inflight) {
      entry.attemptedAt = now;
      entry.inflight = load().then(
        (value) => {
          entry.value = value;
          entry.fetchedAt = this.now();
          entry.failingSince = undefined;
          entry.error = undefined;
          entry.inflight = undefined;
        },
        (err: unknown) => {
          entry.failingSince ??= this.now();
          entry.error = err instanceof Error ? err.message : String(err);
          entry.inflight = undefined;
        },
      );
    }
    if (entry.inflight && (entry.value === undefined || this.opts.waitForRefresh)) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        entry.inflight,
        new Promise<void>((r) => {
          timer = setTimeout(r, this.opts.coldWaitMs);
        }),
      ]);
      clearTimeout(timer);
    }
    return this.snapshot(entry);
  }

  private snapshot<T>(e: Entry<T>): CacheRead<T> {
    const fetchedAt = iso(e.fetchedAt);
    if (e.value === undefined) {
      return {
        value: null,
        state: "missing",
        since: iso(e.failingSince ?? e.attemptedAt),
        error: e.error ?? (e.inflight ? "no answer yet" : null),
        fetchedAt,
        pending: e.inflight !== undefined,
      };
    }
    if (e.error) return { value: e.value, state: "stale", since: fetchedAt, error: e.error, fetchedAt };
    return { value: e.value, state: "ok", since: null, error: null, fetchedAt };
  }
}
