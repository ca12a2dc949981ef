import { describe, expect, it } from "vitest";
import { logsQuerySchema } from "./api-schemas";

describe("logsQuerySchema", () => {
  it("takes `since` as any RFC 3339 time, with Z or an offset, and refuses anything else", () => {
    for (const since of ["2026-12-01T13:00:00Z", "2026-12-01T13:00:00.123456789Z", "2026-12-01T14:00:00+01:00"]) {
      expect(logsQuerySchema.safeParse({ pod: "core-1", since }).success, since).toBe(true);
    }
    for (const since of ["yesterday", "2026-12-01", "2026-12-01T13:00:00"]) {
      expect(logsQuerySchema.safeParse({ pod: "core-1", since }).success, since).toBe(false);
    }
  });
});
