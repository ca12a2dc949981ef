// Before → after attribute diff of one object in a plan. Nested objects and lists are flattened to
// paths ("tags.Name", "ingress[0].cidr_blocks[1]", `tags["kubernetes.io/role/elb"]`).
//
// Masking is the point of this file: a leaf under before_sensitive/after_sensitive becomes
// { kind: "sensitive" } and its value never leaves this module (it is compared here, so the diff can
// still say *that* it changed, as `tofu plan` does). A leaf marked in after_unknown is "known after
// apply". Sensitivity on either side masks both sides of that path and everything below it.
import type { PathStep } from "./plan-schema";

export type DisplayValue =
  | { kind: "value"; text: string }
  | { kind: "absent" }
  | { kind: "sensitive" }
  | { kind: "unknown" };

export interface AttributeChange {
  path: string;
  before: DisplayValue;
  after: DisplayValue;
  /** This path (or a parent of it) is in the change's replace_paths. */
  forcesReplacement: boolean;
}

export interface AttributeDiff {
  changes: AttributeChange[];
  /** Leaves present on both sides with equal values (not listed, as `tofu plan` hides them too). */
  unchanged: number;
}

interface Flattened {
  /** Leaf path → what to show. Shared constants mark null and empty lists/objects (compared by identity). */
  leaves: Map<string, DisplayValue>;
  /** The real values of the sensitive leaves, for comparison only: never copied into a DisplayValue. */
  sensitiveRaw: Map<string, unknown>;
  /** Paths of non-empty lists and objects (their children are leaves). */
  containers: Set<string>;
}

const ABSENT: DisplayValue = { kind: "absent" };
const SENSITIVE: DisplayValue = { kind: "sensitive" };
const UNKNOWN: DisplayValue = { kind: "unknown" };
const NULL: DisplayValue = { kind: "value", text: "null" };
// Kept as leaves so "[] → [x]" is visible.
const EMPTY_LIST: DisplayValue = { kind: "value", text: "[]" };
const EMPTY_OBJECT: DisplayValue = { kind: "value", text: "{}" };

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Separates an attribute holding a JSON document (an IAM policy) from the path inside the document. */
export const JSON_DOCUMENT_SEPARATOR = " › ";

function appendStep(path: string, step: PathStep): string {
  if (typeof step === "number") return `${path}[${step}]`;
  if (IDENTIFIER.test(step))
    return path === "" || path.endsWith(JSON_DOCUMENT_SEPARATOR) ? path + step : `${path}.${step}`;
  return `${path}[${JSON.stringify(step)}]`;
}

export function formatPath(steps: readonly PathStep[]): string {
  let out = "";
  for (const step of steps) out = appendStep(out, step);
  return out;
}

/** A string attribute holding a non-empty JSON object or list (policies, container definitions), else undefined. */
function parseJsonDocument(v: string): object | undefined {
  const first = v.trimStart()[0];
  if (first !== "{" && first !== "[") return undefined;
  try {
    const parsed: unknown = JSON.parse(v);
    // An empty "{}" or "[]" string stays a string: nothing inside to compare.
    return parsed !== null && typeof parsed === "object" && Object.keys(parsed).length > 0 ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** The mask's child at a key/index: `true` propagates down, anything else narrows or ends. */
function childMask(mask: unknown, key: string | number): unknown {
  if (mask === true) return true;
  if (Array.isArray(mask) && typeof key === "number") return mask[key];
  if (isRecord(mask) && typeof key === "string") return mask[key];
  return undefined;
}

function maskKeys(mask: unknown): string[] {
  return isRecord(mask) ? Object.keys(mask) : [];
}

function maskLength(mask: unknown): number {
  return Array.isArray(mask) ? mask.length : 0;
}

function renderPrimitive(v: unknown): string {
  return typeof v === "string" ? JSON.stringify(v) : String(v);
}

/**
 * Flattens one side of a change to leaves keyed by path. `unknown` is after_unknown (after side only).
 * Undefined values (no such side, e.g. `before` of a create) yield no leaves. A string holding a JSON
 * document is flattened too ("policy › Statement[0].Action[1]"), so an IAM change shows the statement
 * that changed rather than two long strings.
 */
export function flattenValue(value: unknown, sensitive: unknown, unknown: unknown): Flattened {
  const leaves = new Map<string, DisplayValue>();
  const sensitiveRaw = new Map<string, unknown>();
  const containers = new Set<string>();
  const walk = (v: unknown, sens: unknown, unk: unknown, key: string) => {
    if (sens === true) {
      // null is not a secret: an unset sensitive attribute is simply absent.
      if (v === null) leaves.set(key, NULL);
      else if (v !== undefined || unk === true) {
        leaves.set(key, SENSITIVE);
        sensitiveRaw.set(key, v);
      }
      return;
    }
    if (unk === true) {
      leaves.set(key, UNKNOWN);
      return;
    }
    if (Array.isArray(v) || (v == null && Array.isArray(unk))) {
      const items = Array.isArray(v) ? v : [];
      const length = Math.max(items.length, maskLength(unk));
      if (length === 0) {
        leaves.set(key, EMPTY_LIST);
        return;
      }
      containers.add(key);
      for (let i = 0; i < length; i++) walk(items[i], childMask(sens, i), childMask(unk, i), appendStep(key, i));
      return;
    }
    if (isRecord(v) || (v == null && isRecord(unk))) {
      const obj = isRecord(v) ? v : {};
      const keys = new Set([...Object.keys(obj), ...maskKeys(unk), ...maskKeys(sens)]);
      if (keys.size === 0) {
        leaves.set(key, EMPTY_OBJECT);
        return;
      }
      containers.add(key);
      for (const k of keys) walk(obj[k], childMask(sens, k), childMask(unk, k), appendStep(key, k));
      return;
    }
    if (v === undefined) return;
    if (v === null) {
      leaves.set(key, NULL);
      return;
    }
    const document = typeof v === "string" ? parseJsonDocument(v) : undefined;
    if (document !== undefined) {
      walk(document, undefined, undefined, key + JSON_DOCUMENT_SEPARATOR);
      return;
    }
    leaves.set(key, { kind: "value", text: renderPrimitive(v) });
  };
  walk(value, sensitive, unknown, "");
  return { leaves, sensitiveRaw, containers };
}

function isNullish(d: DisplayValue | undefined): boolean {
  return d === undefined || d === NULL;
}

function isEmptyContainer(d: DisplayValue | undefined): boolean {
  return d === EMPTY_LIST || d === EMPTY_OBJECT;
}

/** The path is one of `prefixes` or lies below one of them ("" is the whole object). */
export function isUnder(path: string, prefixes: readonly string[]): boolean {
  return prefixes.some(
    (p) =>
      p === "" ||
      path === p ||
      path.startsWith(`${p}.`) ||
      path.startsWith(`${p}[`) ||
      path.startsWith(p + JSON_DOCUMENT_SEPARATOR),
  );
}

export interface DiffInput {
  before: unknown;
  after: unknown;
  beforeSensitive?: unknown;
  afterSensitive?: unknown;
  afterUnknown?: unknown;
  replacePaths?: readonly (readonly PathStep[])[];
}

/**
 * The changed leaves of one object, in path order. Paths that are null or absent on both sides are
 * dropped (a create lists what it sets, a delete what it removes), equal leaves are only counted.
 */
export function diffAttributes(input: DiffInput): AttributeDiff {
  const b0 = flattenValue(input.before, input.beforeSensitive, undefined);
  const a0 = flattenValue(input.after, input.afterSensitive, input.afterUnknown);
  const before = b0.leaves;
  const after = a0.leaves;
  const replacePaths = (input.replacePaths ?? []).map(formatPath);
  // A create or a destroy has one side only: no union to build.
  const keys =
    before.size === 0
      ? [...after.keys()]
      : after.size === 0
        ? [...before.keys()]
        : [...new Set([...before.keys(), ...after.keys()])];
  const paths = keys.sort(comparePaths);
  const sensitivePaths =
    b0.sensitiveRaw.size + a0.sensitiveRaw.size > 0 ? [...b0.sensitiveRaw.keys(), ...a0.sensitiveRaw.keys()] : [];
  // A list or object wholly unknown after apply ("resources" → known after apply) while before holds
  // its elements: each element is shown going to "known after apply", not to "not set".
  const unknownContainers: string[] = [];
  if (b0.containers.size > 0) {
    for (const [p, d] of after) if (d === UNKNOWN && b0.containers.has(p)) unknownContainers.push(p);
  }
  const changes: AttributeChange[] = [];
  let unchanged = 0;
  for (const path of paths) {
    const b = before.get(path);
    let a = after.get(path);
    if (unknownContainers.length > 0) {
      if (b === undefined && a === UNKNOWN && b0.containers.has(path)) continue;
      if (a === undefined && isUnder(path, unknownContainers)) a = UNKNOWN;
    }
    if (isNullish(b) && isNullish(a)) continue;
    // "{}" on one side and its children on the other: the children's lines say it all.
    if ((isEmptyContainer(b) && a0.containers.has(path)) || (isEmptyContainer(a) && b0.containers.has(path))) continue;
    const masked = sensitivePaths.length > 0 && isUnder(path, sensitivePaths);
    const same =
      b !== undefined &&
      a !== undefined &&
      a !== UNKNOWN &&
      (masked ? sameRaw(b0.sensitiveRaw.get(path), a0.sensitiveRaw.get(path), b, a) : sameText(b, a));
    if (same) {
      unchanged++;
      continue;
    }
    changes.push({
      path,
      before: isNullish(b) ? ABSENT : masked ? SENSITIVE : (b as DisplayValue),
      after: a === UNKNOWN ? UNKNOWN : isNullish(a) ? ABSENT : masked ? SENSITIVE : (a as DisplayValue),
      forcesReplacement: replacePaths.length > 0 && isUnder(path, replacePaths),
    });
  }
  return { changes, unchanged };
}

function sameText(a: DisplayValue, b: DisplayValue): boolean {
  return a.kind === "value" && b.kind === "value" && a.text === b.text;
}

/**
 * A masked path compares real values. A side that is not itself sensitive there compares by its text,
 * which for a primitive is its JSON (renderPrimitive), so "x" on one side equals a sensitive "x".
 */
function sameRaw(rawBefore: unknown, rawAfter: unknown, b: DisplayValue, a: DisplayValue): boolean {
  const text = (raw: unknown, d: DisplayValue) =>
    d === SENSITIVE ? JSON.stringify(raw) : d.kind === "value" ? d.text : "";
  return text(rawBefore, b) === text(rawAfter, a);
}

// One collator for every comparison: localeCompare with options builds a new one per call.
const NATURAL = new Intl.Collator("en", { numeric: true });

/** Natural order, so "subnet[10]" sorts after "subnet[9]". */
export const comparePaths: (a: string, b: string) => number = NATURAL.compare;
