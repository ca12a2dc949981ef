// The overview's filter (issue 13 item 7): a search box over application names, descriptions and
// the tags they run, and a "problems only" toggle. Pure; the state lives in the URL (?q=&problems=1)
// so a filtered overview is a link someone can share.
import type { Tone } from "./status-rollup";

export interface OverviewFilter {
  q: string;
  problemsOnly: boolean;
}

export interface FilterableApplication {
  name: string;
  description: string;
  cells: Record<string, { tone: Tone; imageTag: string | null; operation?: { failed: boolean } | null }>;
}

const PROBLEM_TONES: ReadonlySet<Tone> = new Set(["warn", "bad"]);

/** Something needs a look: degraded, out of sync, a failed sync, pods not ready. */
export function hasProblem(app: FilterableApplication): boolean {
  return Object.values(app.cells).some((c) => PROBLEM_TONES.has(c.tone) || c.operation?.failed === true);
}

/** Every word of the query must appear in the name, the description or one of the tags. */
export function matchesQuery(app: FilterableApplication, q: string): boolean {
  const words = q.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const haystack = [app.name, app.description, ...Object.values(app.cells).map((c) => c.imageTag ?? "")]
    .join(" ")
    .toLowerCase();
  return words.every((w) => haystack.includes(w));
}

export function filterApplications<A extends FilterableApplication>(apps: readonly A[], f: OverviewFilter): A[] {
  return apps.filter((a) => (!f.problemsOnly || hasProblem(a)) && matchesQuery(a, f.q));
}

/** The filter a URL asks for (unknown values are ignored, not errors: it is only a view). */
export function overviewFilterFrom(params: { get(key: string): string | null }): OverviewFilter {
  return { q: (params.get("q") ?? "").slice(0, 200), problemsOnly: params.get("problems") === "1" };
}

/** The query string for a filter ("" when it shows everything). */
export function overviewFilterQuery(f: OverviewFilter): string {
  const p = new URLSearchParams();
  if (f.q.trim()) p.set("q", f.q.trim());
  if (f.problemsOnly) p.set("problems", "1");
  const s = p.toString();
  return s ? `?${s}` : "";
}
