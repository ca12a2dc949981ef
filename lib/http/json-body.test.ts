import { describe, expect, it } from "vitest";
import { z } from "zod";
import { readJsonBody } from "./json-body";

const schema = z.object({ confirm: z.literal(true), prune: z.boolean().optional() });
const post = (body: BodyInit | null, type: string | null = "application/json") =>
  new Request("http://portal.test/api/x", {
    method: "POST",
    body,
    headers: type ? { "content-type": type } : {},
  });
const fail = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => e as { code: string; message: string },
  );

describe("readJsonBody", () => {
  it("parses a JSON body against the schema", async () => {
    expect(await readJsonBody(post('{"confirm":true}'), schema)).toEqual({ confirm: true });
    expect(await readJsonBody(post('{"confirm":true}', "application/json; charset=utf-8"), schema)).toEqual({
      confirm: true,
    });
  });

  it("refuses a non-JSON content type with 415", async () => {
    expect(await fail(readJsonBody(post('{"confirm":true}', "text/plain"), schema))).toMatchObject({
      code: "unsupported_media_type",
    });
    expect(await fail(readJsonBody(post("confirm=true", "application/x-www-form-urlencoded"), schema))).toMatchObject({
      code: "unsupported_media_type",
    });
    expect(await fail(readJsonBody(post('{"confirm":true}', null), schema))).toMatchObject({
      code: "unsupported_media_type",
    });
  });

  it("refuses a body above the cap with 413, without buffering it", async () => {
    const big = `{"confirm":true,"pad":"${"x".repeat(5 * 1024 * 1024)}"}`;
    expect(await fail(readJsonBody(post(big), schema))).toMatchObject({ code: "payload_too_large" });
    const stream = new ReadableStream({
      pull(c) {
        c.enqueue(new Uint8Array(64 * 1024));
      },
    });
    const streamed = new Request("http://portal.test/api/x", {
      method: "POST",
      body: stream,
      headers: { "content-type": "application/json" },
      duplex: "half",
    } as RequestInit);
    expect(await fail(readJsonBody(streamed, schema))).toMatchObject({ code: "payload_too_large" });
  });

  it("refuses unknown keys, naming them, and malformed JSON with 400", async () => {
    const e = await fail(readJsonBody(post('{"confirm":true,"force":true}'), schema));
    expect(e).toMatchObject({ name: "ZodError" });
    expect(JSON.stringify(e)).toContain("force");
    expect(await fail(readJsonBody(post('{"confirm":'), schema))).toMatchObject({ code: "bad_request" });
    expect(await fail(readJsonBody(post(new Uint8Array([0x7b, 0xff, 0x7d])), schema))).toMatchObject({
      code: "bad_request",
    });
  });

  it("reads an empty body as {} so the schema names the missing field", async () => {
    const e = await fail(readJsonBody(post(null, null), schema));
    expect(e).toMatchObject({ name: "ZodError" });
    expect(await readJsonBody(post(null, null), z.object({}))).toEqual({});
  });
});
