// Live ↔ desired for one resource, as the application page shows it: both manifests as YAML (from
// Argo CD's JSON text) and a line diff of the two (jsdiff's diffLines; the same view as Argo CD's
// "Diff" tab: "-" is live only, "+" is what git wants). Pure.
import { diffLines } from "diff";
import { stringify } from "yaml";

export interface DiffLine {
  /** "+": desired (git) only, "-": live only, " ": both. */
  sign: "+" | "-" | " ";
  text: string;
}

/** Argo CD's manifest JSON text as YAML; null when the resource has no such side. */
export function manifestYaml(json: string | null): string | null {
  if (json === null) return null;
  try {
    return stringify(JSON.parse(json), { lineWidth: 0 });
  } catch {
    return json; // not JSON: show what Argo CD sent
  }
}

export function manifestDiff(live: string | null, desired: string | null): DiffLine[] {
  const out: DiffLine[] = [];
  for (const part of diffLines(live ?? "", desired ?? "")) {
    const sign = part.added ? "+" : part.removed ? "-" : " ";
    const lines = part.value.replace(/\n$/, "").split("\n");
    for (const text of lines) out.push({ sign, text });
  }
  return out;
}

/** How many lines differ: the page's "3 lines differ" next to the resource. */
export function changedLines(diff: DiffLine[]): number {
  return diff.filter((l) => l.sign !== " ").length;
}
