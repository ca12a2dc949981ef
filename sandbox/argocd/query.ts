// List query semantics of the Argo CD API server: label selectors and the `fields` projection
// (a whitelist, as argo-cd's server applies it; status.history can never be projected).
import { labelsMatch, parseLabelSelector } from "../kubernetes/selectors";

// argocd-server parses `selector` with apimachinery's labels.Parse, the same grammar the Kubernetes
// emulator implements; its errors come back as "error parsing the selector: …" (server.ts).
export { SelectorError } from "../kubernetes/selectors";

/** A label selector as a predicate; throws SelectorError where labels.Parse refuses it. */
export function parseSelector(selector: string | null): (labels: Record<string, string>) => boolean {
  const reqs = parseLabelSelector(selector);
  return (labels) => labelsMatch(labels, reqs);
}

/** Whether labels match a selector (throws SelectorError on a bad selector). */
export function matchesSelector(labels: Record<string, string>, selector: string | null): boolean {
  return parseSelector(selector)(labels);
}

const WHITELIST = [
  "metadata.name",
  "metadata.namespace",
  "metadata.annotations",
  "metadata.labels",
  "metadata.creationTimestamp",
  "metadata.deletionTimestamp",
  "spec",
  "spec.destination",
  "spec.project",
  "spec.source",
  "spec.sources",
  "spec.syncPolicy",
  "status.summary",
  "status.resources",
  "status.health",
  "status.sync.status",
  "status.sync.revision",
  "status.operationState.startedAt",
  "status.operationState.finishedAt",
  "status.operationState.phase",
];

function getPath(obj: unknown, path: string[]): unknown {
  let cur = obj;
  for (const k of path) {
    if (!cur || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

function setPath(obj: Record<string, unknown>, path: string[], value: unknown): void {
  let cur = obj;
  path.slice(0, -1).forEach((k) => {
    if (!cur[k] || typeof cur[k] !== "object") cur[k] = {};
    cur = cur[k] as Record<string, unknown>;
  });
  cur[path[path.length - 1]!] = value;
}

function deletePath(obj: Record<string, unknown>, path: string[]): void {
  const parent = getPath(obj, path.slice(0, -1));
  if (parent && typeof parent === "object") delete (parent as Record<string, unknown>)[path[path.length - 1]!];
}

/**
 * Applies `fields=items.a.b,items.c` (keep only whitelisted paths) or `fields=-items.x` (drop).
 * Returns undefined when no projection was requested.
 */
export function projectItems(
  items: Record<string, unknown>[],
  fields: string | null,
): Record<string, unknown>[] | undefined {
  if (!fields) return undefined;
  const list = fields
    .split(",")
    .map((f) => f.trim())
    .filter(Boolean);
  if (list.length === 0) return undefined;
  const exclude = list[0]!.startsWith("-");
  const paths = list.map((f) => f.replace(/^-/, "").replace(/^items\./, "")).filter((p) => p !== "items");
  if (exclude) {
    return items.map((item) => {
      const copy = structuredClone(item);
      for (const p of paths) deletePath(copy, p.split("."));
      return copy;
    });
  }
  const allowed = paths.filter((p) => WHITELIST.includes(p));
  return items.map((item) => {
    const out: Record<string, unknown> = {};
    for (const p of allowed) {
      const v = getPath(item, p.split("."));
      if (v !== undefined) setPath(out, p.split("."), structuredClone(v));
    }
    return out;
  });
}
