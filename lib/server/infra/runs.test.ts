import { describe, expect, it } from "vitest";
import { findRun } from "./runs";

describe("findRun", () => {
  it("a 404 for an unknown run quotes at most 60 characters of the id it was given", async () => {
    const db = { infraRun: { findUnique: async () => null } } as never;
    await expect(findRun(db, "x".repeat(10_000))).rejects.toMatchObject({
      status: 404,
      message: `no infrastructure run ${"x".repeat(60)}`,
    });
    await expect(findRun(db, "00000000-0000-4000-8000-000000000000")).rejects.toMatchObject({ status: 404 });
  });
});
