// The remote API's other flavors: every `…/api/json` bean is also served as `…/api/python` (a Python
// literal: True/False/None, what jenkinsapi reads) and `…/api/xml` (Stapler's XML: the root element
// named after the bean's class, arrays as repeated elements named in the singular, nulls left out).

/** A Python literal of a JSON value (Jenkins' PythonDataWriter). */
export function pythonLiteral(value: unknown): string {
  if (value === null || value === undefined) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "None";
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(pythonLiteral).join(",")}]`;
  return `{${Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => `${JSON.stringify(k)}:${pythonLiteral(v)}`)
    .join(",")}}`;
}

const escapeXml = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);

/** Stapler names an array's elements in the singular: jobs → job, properties → property. */
export function singular(name: string): string {
  if (name.endsWith("ies")) return `${name.slice(0, -3)}y`;
  if (name.endsWith("s")) return name.slice(0, -1);
  return name;
}

/** The root element of a bean: its class's simple name, decapitalized (hudson.model.Hudson → hudson). */
export function rootElement(value: unknown): string {
  const cls = value && typeof value === "object" ? (value as { _class?: unknown })._class : undefined;
  const simple = typeof cls === "string" ? (cls.split(/[.$]/).at(-1) ?? "") : "";
  return simple ? simple[0]!.toLowerCase() + simple.slice(1) : "root";
}

function element(name: string, value: unknown): string {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value)) return value.map((v) => element(singular(name), v)).join("");
  if (typeof value !== "object") return `<${name}>${escapeXml(String(value))}</${name}>`;
  const { _class, ...fields } = value as Record<string, unknown>;
  const attr = typeof _class === "string" ? ` _class="${escapeXml(_class)}"` : "";
  const body = Object.entries(fields)
    .map(([k, v]) => element(k, v))
    .join("");
  return body ? `<${name}${attr}>${body}</${name}>` : `<${name}${attr}/>`;
}

/** The bean as Jenkins' /api/xml document. */
export function xmlDocument(value: unknown): string {
  return `<?xml version="1.0" encoding="UTF-8"?>${element(rootElement(value), value)}`;
}
