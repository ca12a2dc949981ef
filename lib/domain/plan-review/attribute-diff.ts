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

interface Leaf {
  display: DisplayValue;
  /** For comparison only; never copied into a DisplayValue of a sensitive leaf. */
  raw: unknown;
  /** An empty list or object, kept as a leaf so "[] → [x]" is visible. */
  empty?: true;
}

interface Flattened {
  leaves: Map<string, Leaf>;
  /** Paths of non-empty lists and objects (their children are leaves). */
  containers: Set<string>;
}

const ABSENT: DisplayValue = { kind: "absent" };
const SENSITIVE: DisplayValue = { kind: "sensitive" };
const UNKNOWN: DisplayValue = { kind: "unknown" };

export function formatPath(steps: readonly PathStep[]): string {
  let out = "";
  for (const step of steps) {
    if (typeof step === "number") out += `[${step}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(step)) out += out === "" ? step : `.${step}`;
    else out += `[${JSON.stringify(step)}]`;
  }
  return out;
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
 * Undefined values (no such side, e.g. `before` of a create) yield no leaves.
 */
export function flattenValue(value: unknown, sensitive: unknown, unknown: unknown): Flattened {
  const leaves = new Map<string, Leaf>();
  const containers = new Set<string>();
  const walk = (v: unknown, sens: unknown, unk: unknown, path: PathStep[]) => {
    const key = formatPath(path);
    if (sens === true) {
      // null is not a secret: an unset sensitive attribute is simply absent.
      if (v === null) leaves.set(key, { display: { kind: "value", text: "null" }, raw: null });
      else if (v !== undefined || unk === true) leaves.set(key, { display: SENSITIVE, raw: v });
      return;
    }
    if (unk === true) {
      leaves.set(key, { display: UNKNOWN, raw: undefined });
      return;
    }
    if (Array.isArray(v) || (v == null && Array.isArray(unk))) {
      const items = Array.isArray(v) ? v : [];
      const length = Math.max(items.length, maskLength(unk));
      if (length === 0) {
        leaves.set(key, { display: { kind: "value", text: "[]" }, raw: "[]", empty: true });
        return;
      }
      containers.add(key);
      for (let i = 0; i < length; i++) walk(items[i], childMask(sens, i), childMask(unk, i), [...path, i]);
      return;
    }
    if (isRecord(v) || (v == null && isRecord(unk))) {
      const obj = isRecord(v) ? v : {};
      const keys = new Set([...Object.keys(obj), ...maskKeys(unk), ...maskKeys(sens)]);
      if (keys.size === 0) {
        leaves.set(key, { display: { kind: "value", text: "{}" }, raw: "{}", empty: true });
        return;
      }
      containers.add(key);
      for (const k of keys) walk(obj[k], childMask(sens, k), childMask(unk, k), [...path, k]);
      return;
    }
    if (v === undefined) return;
    leaves.set(key, { display: { kind: "value", text: renderPrimitive(v) }, raw: v });
  };
  walk(value, sensitive, unknown, []);
  return { leaves, containers };
}

function isNullish(leaf: Leaf | undefined): boolean {
  return leaf === undefined || (leaf.display.kind === "value" && leaf.raw === null);
}

/** The path is one of `prefixes` or lies below one of them ("" is the whole object). */
function isUnder(path: string, prefixes: readonly string[]): boolean {
  return prefixes.some((p) => p === "" || path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[`));
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
  const { leaves: before, containers: beforeContainers } = flattenValue(input.before, input.beforeSensitive, undefined);
  const { leaves: after, containers: afterContainers } = flattenValue(
    input.after,
    input.afterSensitive,
    input.afterUnknown,
  );
  const replacePaths = (input.replacePaths ?? []).map(formatPath);
  const paths = [...new Set([...before.keys(), ...after.keys()])].sort(comparePaths);
  const sensitivePaths = [...before, ...after].filter(([, leaf]) => leaf.display.kind === "sensitive").map(([p]) => p);
  const changes: AttributeChange[] = [];
  let unchanged = 0;
  for (const path of paths) {
    const b = before.get(path);
    const a = after.get(path);
    if (isNullish(b) && isNullish(a)) continue;
    // "{}" on one side and its children on the other: the children's lines say it all.
    if ((b?.empty && afterContainers.has(path)) || (a?.empty && beforeContainers.has(path))) continue;
    const masked = sensitivePaths.length > 0 && isUnder(path, sensitivePaths);
    const same =
      b !== undefined &&
      a !== undefined &&
      a.display.kind !== "unknown" &&
      (masked ? sameRaw(b.raw, a.raw) : sameText(b.display, a.display));
    if (same) {
      unchanged++;
      continue;
    }
    changes.push({
      path,
      before: isNullish(b) ? ABSENT : masked ? SENSITIVE : (b as Leaf).display,
      after: a?.display.kind === "unknown" ? UNKNOWN : isNullish(a) ? ABSENT : masked ? SENSITIVE : (a as Leaf).display,
      forcesReplacement: isUnder(path, replacePaths),
    });
  }
  return { changes, unchanged };
}

function sameText(a: DisplayValue, b: DisplayValue): boolean {
  return a.kind === "value" && b.kind === "value" && a.text === b.text;
}

function sameRaw(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Natural order, so "subnet[10]" sorts after "subnet[9]". */
function comparePaths(a: string, b: string): number {
  return a.localeCompare(b, "en", { numeric: true });
}
