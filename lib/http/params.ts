// Path parameters: a segment that does not match its schema cannot name anything, so it is a 404
// (never a 500, never a lookup with a malformed key). Query strings go through queryParams: every
// key is read once (a repeated key is a 400, not "the first one wins"), values are plain strings.
import type { z } from "zod";
import { badRequest, notFound } from "./errors";

export async function pathParams<S extends z.ZodObject>(
  schema: S,
  params: Promise<Record<string, string | string[]>> | Record<string, string | string[]>,
): Promise<z.output<S>> {
  const raw = await params;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const key = String(parsed.error.issues[0]?.path[0] ?? "path");
    const value = String(raw[key] ?? "").slice(0, 60);
    throw notFound(`No ${key} named "${value}"`);
  }
  return parsed.data;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is what is refused
const NUL = /\u0000/;

/**
 * The query string as a record of single values: a key given twice is refused, a value holding NUL
 * is refused (PostgreSQL text cannot store it), and an empty value counts as absent. With `known`,
 * any other key is refused naming it (a misspelt filter must not silently widen the answer).
 */
export function queryParams(url: string | URL, known?: readonly string[]): Record<string, string> {
  const params = new URL(url).searchParams;
  const out: Record<string, string> = {};
  const seen = new Set<string>();
  for (const [k, v] of params) {
    const key = k.slice(0, 60);
    if (seen.has(k)) throw badRequest(`${key}: must be given once`);
    seen.add(k);
    if (NUL.test(v) || NUL.test(k)) throw badRequest(`${key.replace(NUL, "")}: must not contain NUL characters`);
    if (known && !known.includes(k)) throw badRequest(`${key}: is not a parameter here (known: ${known.join(", ")})`);
    if (v !== "") out[k] = v;
  }
  return out;
}
