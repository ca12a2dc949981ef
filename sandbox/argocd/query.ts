// List query semantics of the Argo CD API server: label selectors and the `fields` projection
// (a whitelist, as argo-cd's server applies it; status.history can never be projected).

/** A label selector Kubernetes' labels.Parse refuses; argocd-server wraps it as "error parsing the selector: …". */
export class SelectorError extends Error {}

type Requirement = (labels: Record<string, string>) => boolean;

const NAME = /^(?=.{1,63}$)[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const PREFIX = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const VALUE = /^((?=.{1,63}$)[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

function checkKey(key: string): string {
  const slash = key.indexOf("/");
  const [prefix, name] = slash >= 0 ? [key.slice(0, slash), key.slice(slash + 1)] : [undefined, key];
  if ((prefix !== undefined && !PREFIX.test(prefix)) || !NAME.test(name)) {
    throw new SelectorError(
      `unable to parse requirement: key: Invalid value: "${key}": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`,
    );
  }
  return key;
}

function checkValue(value: string): string {
  if (!VALUE.test(value)) {
    throw new SelectorError(
      `unable to parse requirement: values[0]: Invalid value: "${value}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`,
    );
  }
  return value;
}

function requirement(term: string): Requirement {
  let m = /^([^\s!=<>(),]+)\s+(in|notin)\s*\(([^()]*)\)$/.exec(term);
  if (m) {
    const key = checkKey(m[1]!);
    const vals = m[3]!.split(",").map((v) => checkValue(v.trim()));
    return m[2] === "in" ? (l) => key in l && vals.includes(l[key]!) : (l) => !(key in l) || !vals.includes(l[key]!);
  }
  m = /^([^\s!=<>(),]+)\s*(==|=|!=|<|>)\s*([^\s!=<>(),]*)$/.exec(term);
  if (m) {
    const key = checkKey(m[1]!);
    const op = m[2]!;
    if (op === "<" || op === ">") {
      if (!/^-?\d+$/.test(m[3]!)) {
        throw new SelectorError(`unable to parse requirement: for 'Gt', 'Lt' operators, the value must be an integer`);
      }
      const n = Number(m[3]);
      return (l) => key in l && /^-?\d+$/.test(l[key]!) && (op === ">" ? Number(l[key]) > n : Number(l[key]) < n);
    }
    const value = checkValue(m[3]!);
    return op === "!=" ? (l) => l[key] !== value : (l) => l[key] === value;
  }
  m = /^(!?)\s*([^\s!=<>(),]+)$/.exec(term);
  if (m) {
    const key = checkKey(m[2]!);
    return m[1] ? (l) => !(key in l) : (l) => key in l;
  }
  throw new SelectorError(
    `unable to parse requirement: found '${term}', expected: identifier, '!', 'in', 'notin', '=', '==', '!=', '>' or '<'`,
  );
}

/**
 * Parses a Kubernetes label selector (a=b, a==b, a!=b, a in (x,y), a notin (x), a, !a, a>1, a<1;
 * comma = AND) the way labels.Parse does, refusing what it refuses. Messages follow apimachinery's
 * wording closely but not byte for byte.
 */
export function parseSelector(selector: string | null): Requirement {
  if (!selector?.trim()) return () => true;
  const terms: string[] = [];
  let depth = 0;
  let cur = "";
  for (const ch of selector) {
    if (ch === "(") depth++;
    if (ch === ")") depth--;
    if (depth < 0) throw new SelectorError("unable to parse requirement: found ')', expected: identifier");
    if (ch === "," && depth === 0) {
      terms.push(cur);
      cur = "";
    } else cur += ch;
  }
  if (depth !== 0) throw new SelectorError("unable to parse requirement: found '', expected: ',' or ')'");
  terms.push(cur);
  const reqs = terms.map((t) => {
    const term = t.trim();
    if (!term) throw new SelectorError("found ',', expected: !, identifier, or 'end of string'");
    return requirement(term);
  });
  return (labels) => reqs.every((r) => r(labels));
}

/** Whether labels match a selector (see parseSelector; throws SelectorError on a bad selector). */
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
