import { describe, expect, it } from "vitest";
import { consoleQuerySchema } from "./api-schemas";

describe("consoleQuerySchema", () => {
  it("takes a byte offset and refuses anything else, naming the field", () => {
    expect(consoleQuerySchema.parse({ start: "1024" })).toEqual({ start: "1024" });
    expect(consoleQuerySchema.parse({})).toEqual({});
    for (const start of [">>e|", "1.5", "1e400", "-1", "9".repeat(16)]) {
      const result = consoleQuerySchema.safeParse({ start });
      expect(result.success, start).toBe(false);
      expect(result.error?.issues[0]).toMatchObject({ path: ["start"], message: /byte offset/ });
    }
  });
});
