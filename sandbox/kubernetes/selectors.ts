// Label and field selectors as the Kubernetes API server parses them (k8s.io/apimachinery labels and
// fields): set-based label requirements with key/value validation, field selectors limited to the
// fields each kind supports. A selector the server would refuse throws SelectorError (→ 400 Status).

export class SelectorError extends Error {}

type Obj = Record<string, unknown>;
export type LabelRequirement =
  | { key: string; op: "exists" | "!exists" }
  | { key: string; op: "=" | "!=" | "in" | "notin"; values: string[] }
  | { key: string; op: "gt" | "lt"; values: [string] };

const NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function validateKey(key: string): void {
  const slash = key.indexOf("/");
  const [prefix, name] = slash >= 0 ? [key.slice(0, slash), key.slice(slash + 1)] : [undefined, key];
  if (prefix !== undefined && (prefix.length === 0 || prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix)))
    throw new SelectorError(
      `unable to parse requirement: invalid label key "${key}": prefix part must be a DNS-1123 subdomain`,
    );
  if (!name || name.length > 63 || !NAME.test(name))
    throw new SelectorError(
      `unable to parse requirement: invalid label key "${key}": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`,
    );
}

function validateValue(key: string, value: string): void {
  if (value.length > 63 || (value !== "" && !NAME.test(value)))
    throw new SelectorError(
      `unable to parse requirement: values[0][${key}]: Invalid value: "${value}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`,
    );
}

type Token = { t: "id" | "op" | "end"; v: string };

function tokenize(s: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (s.startsWith("==", i) || s.startsWith("!=", i)) {
      out.push({ t: "op", v: s.slice(i, i + 2) });
      i += 2;
    } else if ("=!,()<>".includes(c)) {
      out.push({ t: "op", v: c });
      i++;
    } else {
      let j = i;
      while (j < s.length && !/\s/.test(s[j]!) && !"=!,()<>".includes(s[j]!)) j++;
      out.push({ t: "id", v: s.slice(i, j) });
      i = j;
    }
  }
  out.push({ t: "end", v: "" });
  return out;
}

const show = (tok: Token) => (tok.t === "end" ? "end of string" : tok.v);

/** Parses a labelSelector; throws SelectorError with the API server's wording on a bad one. */
export function parseLabelSelector(selector: string | null | undefined): LabelRequirement[] {
  if (!selector?.trim()) return [];
  const toks = tokenize(selector);
  let p = 0;
  const fail = (expected: string): never => {
    throw new SelectorError(`unable to parse requirement: found '${show(toks[p]!)}', expected: ${expected}`);
  };
  const identifier = (): string => {
    const tok = toks[p]!;
    if (tok.t !== "id") return fail("identifier");
    p++;
    return tok.v;
  };
  const reqs: LabelRequirement[] = [];
  for (;;) {
    let req: LabelRequirement;
    if (toks[p]!.t === "op" && toks[p]!.v === "!") {
      p++;
      const key = identifier();
      validateKey(key);
      req = { key, op: "!exists" };
    } else {
      const key = identifier();
      validateKey(key);
      const tok = toks[p]!;
      if (tok.t === "end" || (tok.t === "op" && tok.v === ",")) {
        req = { key, op: "exists" };
      } else if (tok.t === "op" && ["=", "==", "!="].includes(tok.v)) {
        p++;
        const next = toks[p]!;
        let value = "";
        if (next.t === "id") {
          value = next.v;
          p++;
        }
        validateValue(key, value);
        req = { key, op: tok.v === "!=" ? "!=" : "=", values: [value] };
      } else if (tok.t === "op" && (tok.v === ">" || tok.v === "<")) {
        p++;
        const value = identifier();
        if (!/^-?\d+$/.test(value))
          throw new SelectorError(
            `unable to parse requirement: for 'Gt', 'Lt' operators, the value must be an integer`,
          );
        req = { key, op: tok.v === ">" ? "gt" : "lt", values: [value] };
      } else if (tok.t === "id" && (tok.v === "in" || tok.v === "notin")) {
        p++;
        if (!(toks[p]!.t === "op" && toks[p]!.v === "(")) fail("'('");
        p++;
        const values: string[] = [];
        for (;;) {
          const v = toks[p]!;
          if (v.t === "id") {
            validateValue(key, v.v);
            values.push(v.v);
            p++;
          }
          const sep = toks[p]!;
          if (sep.t === "op" && sep.v === ",") {
            p++;
            continue;
          }
          if (sep.t === "op" && sep.v === ")") {
            p++;
            break;
          }
          fail("',' or ')'");
        }
        req = { key, op: tok.v as "in" | "notin", values };
      } else {
        return fail("'=', '!=', '==', 'in', notin'");
      }
    }
    reqs.push(req);
    const sep = toks[p]!;
    if (sep.t === "end") return reqs;
    if (sep.t === "op" && sep.v === ",") {
      p++;
      continue;
    }
    fail("',' or 'end of string'");
  }
}

export function labelsMatch(labels: Record<string, string> | undefined, reqs: LabelRequirement[]): boolean {
  const l = labels ?? {};
  return reqs.every((r): boolean => {
    const has = Object.hasOwn(l, r.key);
    const v = l[r.key] ?? "";
    if (r.op === "exists") return has;
    if (r.op === "!exists") return !has;
    if (r.op === "=" || r.op === "in") return has && r.values.includes(v);
    if (r.op === "!=" || r.op === "notin") return !has || !r.values.includes(v);
    const n = /^-?\d+$/.test(v) ? Number(v) : Number.NaN;
    const bound = Number((r as { values: string[] }).values[0]);
    return has && (r.op === "gt" ? n > bound : n < bound);
  });
}

export interface FieldRequirement {
  field: string;
  op: "=" | "!=";
  value: string;
}

/** The fields each kind's field selector supports (the API server's field label conversion funcs). */
const FIELDS: Record<string, string[]> = {
  namespaces: ["status.phase"],
  deployments: [],
  replicasets: ["status.replicas"],
  pods: [
    "spec.nodeName",
    "spec.restartPolicy",
    "spec.schedulerName",
    "spec.serviceAccountName",
    "spec.hostNetwork",
    "status.phase",
    "status.podIP",
    "status.nominatedNodeName",
  ],
  events: [
    "involvedObject.kind",
    "involvedObject.namespace",
    "involvedObject.name",
    "involvedObject.uid",
    "involvedObject.apiVersion",
    "involvedObject.resourceVersion",
    "involvedObject.fieldPath",
    "reason",
    "reportingComponent",
    "source",
    "type",
  ],
};

/** Parses a fieldSelector for a kind; throws SelectorError on syntax or an unsupported field. */
export function parseFieldSelector(selector: string | null | undefined, kind: string): FieldRequirement[] {
  if (!selector?.trim()) return [];
  const supported = ["metadata.name", "metadata.namespace", ...(FIELDS[kind] ?? [])];
  return selector.split(",").map((term) => {
    const m = /^([^!=]*)(!=|==|=)(.*)$/.exec(term);
    if (!m) throw new SelectorError(`invalid selector: '${selector}'; can't understand '${term}'`);
    const field = m[1]!.trim();
    if (!supported.includes(field)) throw new SelectorError(`field label not supported: ${field}`);
    return { field, op: m[2] === "!=" ? "!=" : "=", value: m[3]!.trim() };
  });
}

function fieldValue(obj: Obj, path: string): string {
  // Events' `source` selects on the reporting component, as in the API server.
  const p = path === "source" ? "source.component" : path;
  let cur: unknown = obj;
  for (const k of p.split(".")) cur = cur && typeof cur === "object" ? (cur as Obj)[k] : undefined;
  return cur === undefined || cur === null ? "" : String(cur);
}

export function fieldsMatch(obj: Obj, reqs: FieldRequirement[]): boolean {
  return reqs.every((r) => (fieldValue(obj, r.field) === r.value) === (r.op === "="));
}
