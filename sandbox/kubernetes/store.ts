// The resource versions of one emulated cluster, as etcd and the API server's watch cache keep them:
// objects are rendered from the world, and every object whose content changed since the last look
// gets the next cluster-wide revision and leaves an event in a bounded history. Lists carry the
// current revision (never older than their items), and a watch resumes from any revision still in
// the history, or is told 410 Gone.

type Obj = Record<string, unknown>;

export type EventType = "ADDED" | "MODIFIED" | "DELETED";
export interface StoredEvent<K extends string> {
  type: EventType;
  kind: K;
  rv: number;
  object: Obj;
}

interface Entry {
  rv: number;
  fingerprint: string;
  object: Obj;
}

export interface ClusterStoreOptions {
  /** First revision handed out; anything below it was "compacted" before this API server started. */
  startRevision: number;
  /** Events kept per cluster for watches that resume (the watch cache's capacity). */
  historyLimit?: number;
  /** Events older than this are compacted too (the API server compacts etcd every 5 minutes). */
  historyMs?: number;
  now?: () => number;
}

const meta = (o: Obj) => o.metadata as Obj;
const keyOf = (o: Obj) => `${String(meta(o).namespace ?? "")}/${String(meta(o).name)}`;

/** The object without its resourceVersion: two renderings with equal fingerprints are the same revision. */
function fingerprint(o: Obj): string {
  const { resourceVersion: _rv, ...m } = meta(o);
  return JSON.stringify({ ...o, metadata: m });
}

export class ClusterStore<K extends string> {
  private revision: number;
  private floor: number;
  private entries = new Map<K, Map<string, Entry>>();
  private history: (StoredEvent<K> & { at: number })[] = [];
  private readonly limit: number;
  private readonly maxAge: number;
  private readonly now: () => number;

  private started = false;

  constructor(
    private render: (kind: K) => Obj[],
    private kinds: readonly K[],
    o: ClusterStoreOptions,
  ) {
    this.revision = o.startRevision - 1;
    this.floor = this.revision;
    this.limit = o.historyLimit ?? 2000;
    this.maxAge = o.historyMs ?? 5 * 60_000;
    this.now = o.now ?? Date.now;
  }

  get resourceVersion(): string {
    this.start();
    return String(this.revision);
  }

  /** The first look renders every kind: what exists then was there before any watch could start. */
  private start(): void {
    if (this.started) return;
    this.started = true;
    for (const kind of this.kinds) this.sync(kind);
    this.history.length = 0;
    this.floor = this.revision;
  }

  /** Renders the kind again and records what changed; returns the current objects with their revisions. */
  sync(kind: K): Obj[] {
    this.start();
    const at = this.now();
    const known = this.entries.get(kind) ?? new Map<string, Entry>();
    this.entries.set(kind, known);
    const seen = new Set<string>();
    for (const rendered of this.render(kind)) {
      const key = keyOf(rendered);
      seen.add(key);
      const fp = fingerprint(rendered);
      const prev = known.get(key);
      if (prev && prev.fingerprint === fp) continue;
      const rv = ++this.revision;
      const object = { ...rendered, metadata: { ...meta(rendered), resourceVersion: String(rv) } };
      known.set(key, { rv, fingerprint: fp, object });
      this.history.push({ type: prev ? "MODIFIED" : "ADDED", kind, rv, object, at });
    }
    for (const [key, prev] of known) {
      if (seen.has(key)) continue;
      known.delete(key);
      const rv = ++this.revision;
      const object = { ...prev.object, metadata: { ...meta(prev.object), resourceVersion: String(rv) } };
      this.history.push({ type: "DELETED", kind, rv, object, at });
    }
    this.compact(at);
    return [...known.values()].map((e) => e.object);
  }

  /**
   * The kind's events after `rv`, oldest first, or "expired" when events after it were compacted
   * (the watch must list again). A revision from the future waits for it.
   */
  eventsSince(kind: K, rv: number): StoredEvent<K>[] | "expired" {
    this.start();
    if (rv < this.floor) return "expired";
    return this.history.filter((e) => e.kind === kind && e.rv > rv);
  }

  /** The oldest revision a watch can still start from. */
  get oldestResumable(): number {
    return this.floor;
  }

  private compact(at: number): void {
    let drop = 0;
    while (
      drop < this.history.length &&
      (this.history.length - drop > this.limit || at - this.history[drop]!.at > this.maxAge)
    )
      drop++;
    if (drop === 0) return;
    this.floor = Math.max(this.floor, this.history[drop - 1]!.rv);
    this.history.splice(0, drop);
  }
}
