// The one way a route reads a JSON body: a JSON content type (else 415), at most a few KiB (else
// 413, counted while reading, so a 5 MiB body is never buffered), well-formed JSON (else 400) and
// a strict schema: an unknown key is a 400 naming it, never silently dropped.
//
//   const body = await readJsonBody(request, z.object({ confirm: z.literal(true) }));
//
// An empty body reads as {} whatever its content type (a POST with nothing to say), so a route
// whose schema needs a field still answers 400 naming that field.
import { z } from "zod";
import { isStorableString } from "@/lib/domain/audit-chain";
import { badRequest, payloadTooLarge, unsupportedMediaType } from "./errors";

/**
 * A free-text field stored in a text column (and hashed into the audit chain): PostgreSQL refuses NUL
 * there and the chain an unpaired surrogate, so either is a 400 naming the field, not a 500 at the write.
 */
export const storable = <S extends z.ZodType<string>>(s: S) =>
  s.refine(isStorableString, "must not contain NUL characters or unpaired surrogates");

/** Mutation bodies here are a handful of fields; 16 KiB is generous and small. */
export const MAX_JSON_BODY_BYTES = 16 * 1024;

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;.*)?$/i;

/**
 * The body's bytes, counted while reading: past `maxBytes` the read is cancelled and the answer is
 * null (the rest is never buffered). A request without a body reads as no bytes.
 */
export async function readBodyBytes(request: Request, maxBytes: number): Promise<Buffer | null> {
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

async function readCapped(request: Request, maxBytes: number): Promise<string> {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) {
    throw payloadTooLarge(`Request body must be at most ${maxBytes} bytes`);
  }
  const bytes = await readBodyBytes(request, maxBytes);
  if (bytes === null) throw payloadTooLarge(`Request body must be at most ${maxBytes} bytes`);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw badRequest("Request body is not valid UTF-8");
  }
}

/** Reads and parses the body; `schema` is made strict if it is an object schema. */
export async function readJsonBody<S extends z.ZodType>(
  request: Request,
  schema: S,
  opts: { maxBytes?: number } = {},
): Promise<z.output<S>> {
  const maxBytes = opts.maxBytes ?? MAX_JSON_BODY_BYTES;
  const text = await readCapped(request, maxBytes);
  let value: unknown = {};
  if (text.trim() !== "") {
    const type = request.headers.get("content-type") ?? "";
    if (!JSON_TYPE.test(type)) {
      throw unsupportedMediaType(`Request body must be application/json, not ${type.slice(0, 100) || "untyped"}`);
    }
    try {
      value = JSON.parse(text);
    } catch {
      throw badRequest("Request body is not valid JSON");
    }
  }
  return strict(schema).parse(value);
}

/** Object schemas refuse unknown keys; other schemas are returned as they are. */
export function strict<S extends z.ZodType>(schema: S): S {
  return (schema instanceof z.ZodObject ? schema.strict() : schema) as S;
}
