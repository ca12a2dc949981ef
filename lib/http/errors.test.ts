import { describe, expect, it } from "vitest";
import { type ZodError, z } from "zod";
import { Prisma } from "@/lib/generated/prisma/client";
import { AppError, IntegrationError, isAppError, notFound, toErrorBody } from "./errors";

describe("toErrorBody", () => {
  it("maps an AppError by its code", () => {
    expect(toErrorBody(notFound('Unknown environment "DEV"'))).toMatchObject({
      status: 404,
      body: { error: "not_found", message: 'Unknown environment "DEV"' },
      log: false,
    });
  });

  it("maps an AppError from another copy of this module (another server bundle) by its brand", () => {
    // What Next hands over when the error class was loaded twice: same shape, other prototype.
    class OtherAppError extends Error {
      override name = "AppError";
      readonly brand = "nura.app-error";
      constructor(
        readonly code: string,
        message: string,
      ) {
        super(message);
      }
    }
    const foreign = new OtherAppError("not_found", "Unknown application");
    expect(foreign instanceof AppError).toBe(false);
    expect(toErrorBody(foreign)).toMatchObject({ status: 404, body: { error: "not_found" } });
    // …and the plain object it becomes once spread or cloned.
    expect(toErrorBody({ ...foreign, message: foreign.message })).toMatchObject({ status: 404 });
    expect(toErrorBody({ name: "AppError", code: "forbidden", message: "no" })).toMatchObject({ status: 403 });
  });

  it("does not take any object with a code for an AppError", () => {
    expect(isAppError({ code: "not_found", message: "x" })).toBe(false);
    expect(isAppError({ name: "AppError", code: "teapot", message: "x" })).toBe(false);
    expect(toErrorBody({ name: "AppError", code: "teapot", message: "x" }).status).toBe(500);
  });

  it("maps zod errors from either copy to a 400 naming the field", () => {
    const err = z.object({ a: z.string() }).safeParse({ a: 1 }).error as ZodError;
    expect(toErrorBody(err)).toMatchObject({ status: 400, body: { message: expect.stringMatching(/^a: /) } });
    const plain = { name: "ZodError", issues: [{ path: ["limit"], message: "must be at most 200" }] };
    expect(toErrorBody(plain)).toMatchObject({ status: 400, body: { message: "limit: must be at most 200" } });
  });

  it("keeps upstream failures a 502 that names the system and never leaks internals", () => {
    const r = toErrorBody(new IntegrationError("argocd", null, "connect ECONNREFUSED 10.0.0.1:443"));
    expect(r).toMatchObject({ status: 502, log: true });
    expect(JSON.stringify(r.body)).not.toContain("10.0.0.1");
    expect(toErrorBody(new Error("password=hunter2")).body.message).toBe("Internal error; it has been logged");
  });

  it("answers Prisma's P2028 (no connection or transaction time left under a burst) with a 503, not a 500", () => {
    const busy = new Prisma.PrismaClientKnownRequestError(
      "Transaction API error: Unable to start a transaction in the given time.",
      { code: "P2028", clientVersion: Prisma.prismaVersion.client },
    );
    expect(toErrorBody(busy)).toMatchObject({ status: 503, body: { error: "service_unavailable" }, log: true });
    const other = new Prisma.PrismaClientKnownRequestError("Unique constraint failed", {
      code: "P2002",
      clientVersion: Prisma.prismaVersion.client,
    });
    expect(toErrorBody(other).status).toBe(500);
  });
});
