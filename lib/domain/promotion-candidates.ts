// Which environment is behind the one before it in the promotion path, and so can be promoted to:
// the previous environment runs a newer image tag. Pure; the overview and the application page ask
// this, the promotion service re-checks it on request.

/** Compares image tags numerically by their dotted/dashed parts ("1.10.0" > "1.9.3"); -1, 0, 1. */
export function compareTags(a: string, b: string): number {
  const parts = (t: string) => t.replace(/^v/i, "").split(/[.\-+_]/);
  const pa = parts(a);
  const pb = parts(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    // "1.4.2" vs "1.4.2-rc1": the release (no suffix) is newer than its pre-release.
    if (x === undefined) return y === undefined ? 0 : 1;
    if (y === undefined) return -1;
    const nx = /^\d+$/.test(x) ? Number(x) : null;
    const ny = /^\d+$/.test(y) ? Number(y) : null;
    if (nx !== null && ny !== null) {
      if (nx !== ny) return nx < ny ? -1 : 1;
    } else if (x !== y) {
      if (nx !== null) return 1; // a number part sorts after a word part ("1.4.2" > "1.4.beta")
      if (ny !== null) return -1;
      return x < y ? -1 : 1;
    }
  }
  return 0;
}

export interface PromotionCandidate {
  /** Environment the tag comes from (the previous one in the path). */
  fromEnvironment: string;
  toEnvironment: string;
  imageTag: string;
}

/**
 * For `env`, whether it is behind the previous environment of `path`: returns what to promote, or
 * null (first environment, unknown tags, same tag, or the target already newer).
 */
export function promotionCandidate(
  path: readonly string[],
  env: string,
  tagOf: (env: string) => string | null,
): PromotionCandidate | null {
  const i = path.indexOf(env);
  if (i <= 0) return null;
  const from = path[i - 1]!;
  const source = tagOf(from);
  const target = tagOf(env);
  if (!source || !target) return null;
  if (compareTags(source, target) <= 0) return null;
  return { fromEnvironment: from, toEnvironment: env, imageTag: source };
}

/** The request page's URL for a candidate. */
export function requestPromotionHref(application: string, c: Pick<PromotionCandidate, "toEnvironment">): string {
  return `/promotions/new?app=${encodeURIComponent(application)}&to=${encodeURIComponent(c.toEnvironment)}`;
}
