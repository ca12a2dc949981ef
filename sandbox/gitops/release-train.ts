// Builds a believable release history: a per-application train of versions that flows
// dev → staging → prod, ending at the tags the helm/ values files hold today.

export function parseSemver(tag: string): [number, number, number] | undefined {
  const m = /^v?(\d+)\.(\d+)\.(\d+)$/.exec(tag);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

function cmp(a: [number, number, number], b: [number, number, number]): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/**
 * Sorted versions: the union of the final tags, the x.y.0 of every minor line they reach, and up
 * to `before` patch releases older than the oldest final tag. Non-semver tags are kept as-is.
 */
export function releaseTrain(finalTags: string[], before = 3): string[] {
  const sem = finalTags.map(parseSemver).filter((v): v is [number, number, number] => !!v);
  if (sem.length === 0) return [...new Set(finalTags)];
  const set = new Map<string, [number, number, number]>();
  const add = (v: [number, number, number]) => set.set(v.join("."), v);
  for (const v of sem) add(v);
  sem.sort(cmp);
  const oldest = sem[0]!;
  for (let i = 1; i <= before && oldest[2] - i >= 0; i++) add([oldest[0], oldest[1], oldest[2] - i]);
  // fill patch gaps inside each minor line the finals touch, so dev shows every release
  for (const v of sem) for (let p = 0; p < v[2]; p++) if (cmp([v[0], v[1], p], oldest) >= 0) add([v[0], v[1], p]);
  return [...set.values()].sort(cmp).map((v) => v.join("."));
}

/** The releases an environment received: every train version up to its final tag. */
export function releasesFor(train: string[], finalTag: string, keepLast = 6): string[] {
  const idx = train.indexOf(finalTag);
  const upTo = idx >= 0 ? train.slice(0, idx + 1) : [finalTag];
  return upTo.slice(-keepLast);
}
