// The Helm values edit a promotion commits: one scalar (the catalog's imageTagPath, e.g.
// image.tag) gets a new value and every other byte of the file stays as it was, so the GitOps
// commit's diff is exactly the one tag line.
//
// The `yaml` Document API finds the node and renders the new scalar; the new text is then spliced
// into the original at the node's source range. Re-serialising the whole document with
// Document.toString() would keep comments and key order but still normalise other bytes (runs of
// spaces after a colon, `---` markers, CRLF line ends, long plain strings folded at lineWidth,
// indentation of block sequences): a reviewer would see lines change that nobody edited.
// The result is re-parsed and checked to differ from the input in that one value only.
import { isDeepStrictEqual } from "node:util";
import { Document, isAlias, isMap, isScalar, isSeq, parseDocument, Scalar } from "yaml";

export type ValuesEditErrorKind = "invalid_yaml" | "path_not_found" | "not_scalar" | "invalid_value";

export class ValuesEditError extends Error {
  override name = "ValuesEditError";
  constructor(
    readonly kind: ValuesEditErrorKind,
    message: string,
  ) {
    super(message);
  }
}

export interface ValuesEdit {
  /** The file with the one scalar replaced; byte-identical elsewhere. */
  text: string;
  /** The value before the edit, as written (plain 1.10 stays "1.10", not the number 1.1). */
  previous: string;
  /** False when the value already was `value` (then `text` is the input, unchanged). */
  changed: boolean;
}

type ScalarStyle = "PLAIN" | "QUOTE_SINGLE" | "QUOTE_DOUBLE";

function parse(text: string, source: string) {
  const doc = parseDocument(text, { keepSourceTokens: false, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new ValuesEditError("invalid_yaml", `${source} is not valid YAML: ${doc.errors[0]!.message}`);
  }
  return doc;
}

function pathParts(path: string): string[] {
  const parts = path.split(".");
  if (parts.some((p) => p === "")) throw new ValuesEditError("invalid_value", `"${path}" is not a dotted YAML path`);
  return parts;
}

/** Walks the dotted path and returns the scalar node there, or throws naming the missing step. */
function findScalar(doc: ReturnType<typeof parseDocument>, path: string, source: string): Scalar {
  let node: unknown = doc.contents;
  const parts = pathParts(path);
  parts.forEach((key, i) => {
    const at = parts.slice(0, i).join(".") || "the document root";
    if (isAlias(node)) {
      throw new ValuesEditError(
        "not_scalar",
        `${source}: ${at} is an alias (*${node.source}); edit its anchor instead`,
      );
    }
    if (isMap(node)) {
      if (!node.has(key))
        throw new ValuesEditError("path_not_found", `${source} has no ${parts.slice(0, i + 1).join(".")}`);
      node = node.get(key, true);
    } else if (isSeq(node) && /^\d+$/.test(key)) {
      if (Number(key) >= node.items.length) {
        throw new ValuesEditError("path_not_found", `${source} has no ${parts.slice(0, i + 1).join(".")}`);
      }
      node = node.get(Number(key), true);
    } else {
      throw new ValuesEditError("path_not_found", `${source}: ${at} is not a mapping, so it has no key "${key}"`);
    }
  });
  if (isAlias(node)) {
    throw new ValuesEditError(
      "not_scalar",
      `${source}: ${path} is an alias (*${node.source}); edit its anchor instead`,
    );
  }
  if (!isScalar(node)) {
    throw new ValuesEditError(
      "not_scalar",
      `${source}: ${path} is a ${isMap(node) ? "mapping" : "sequence"}, not a scalar`,
    );
  }
  if (node.value === null || !node.range) {
    throw new ValuesEditError("not_scalar", `${source}: ${path} holds no value; write a first tag there by hand`);
  }
  return node;
}

function sourceText(text: string, node: Scalar): string {
  const [start, end] = node.range!;
  return text.slice(start, end);
}

function writtenValue(text: string, node: Scalar): string {
  // A plain 1.10 parses as the number 1.1: what the file says is the source text.
  return typeof node.value === "string" ? node.value : sourceText(text, node);
}

/** The value at `path` as written, e.g. the image tag a values file deploys. */
export function readScalarAt(text: string, path: string, source = "the values file"): string {
  return writtenValue(text, findScalar(parse(text, source), path, source));
}

/** One-line YAML for `value` in the node's style; quoted when plain would read back as another type. */
function renderScalar(value: string, style: ScalarStyle): string {
  const node = new Scalar(value);
  node.type = style;
  const out = new Document(node).toString({ lineWidth: 0, defaultStringType: style }).replace(/\n$/, "");
  if (out.includes("\n"))
    throw new ValuesEditError("invalid_value", `the value ${JSON.stringify(value)} does not fit on one line`);
  return out;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Returns `text` with the scalar at `path` set to `value`, every other byte unchanged. */
export function setScalarAt(text: string, path: string, value: string, source = "the values file"): ValuesEdit {
  if (value === "" || CONTROL.test(value)) {
    throw new ValuesEditError(
      "invalid_value",
      `the new value must be a non-empty single line without control characters`,
    );
  }
  const doc = parse(text, source);
  const node = findScalar(doc, path, source);
  const previous = writtenValue(text, node);
  if (previous === value && typeof node.value === "string") return { text, previous, changed: false };

  // Block scalars (| or >) span lines; the tag is written back double-quoted on the key's line.
  const style: ScalarStyle =
    node.type === "PLAIN" || node.type === "QUOTE_SINGLE" || node.type === "QUOTE_DOUBLE" ? node.type : "QUOTE_DOUBLE";
  const [start, end] = node.range!;
  // A block scalar's source range runs to the end of its last line, line break included.
  const keptBreaks = style === node.type ? "" : (/(\r?\n)+$/.exec(text.slice(start, end))?.[0] ?? "");
  const edited = `${text.slice(0, start)}${renderScalar(value, style)}${keptBreaks}${text.slice(end)}`;

  // The splice must mean exactly "this one value changed": same document otherwise, value a string.
  const check = parse(edited, source);
  const after = findScalar(check, path, source);
  doc.setIn(pathParts(path), value);
  if (after.value !== value || !isDeepStrictEqual(check.toJS(), doc.toJS())) {
    throw new ValuesEditError(
      "invalid_value",
      `${source}: setting ${path} to ${JSON.stringify(value)} would change more than that value`,
    );
  }
  return { text: edited, previous, changed: true };
}
