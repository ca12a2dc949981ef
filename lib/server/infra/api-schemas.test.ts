import { describe, expect, it } from "vitest";
import { approveBodySchema, unlockBodySchema } from "./api-schemas";

describe("approveBodySchema", () => {
  it("takes a reason or none", () => {
    expect(approveBodySchema.parse({ reason: "reviewed the IAM change" })).toEqual({
      reason: "reviewed the IAM change",
    });
    expect(approveBodySchema.parse({})).toEqual({});
  });

  it("refuses a reason the approval_reason column cannot store", () => {
    for (const reason of ["ok\u0000", "lone \ud800 surrogate"]) {
      const r = approveBodySchema.safeParse({ reason });
      expect(r.success).toBe(false);
      expect(r.error?.issues[0]?.message).toMatch(/NUL/);
    }
  });
});

describe("unlockBodySchema", () => {
  it("requires a reason the audit log can store", () => {
    expect(unlockBodySchema.parse({ reason: "agent died, checked in Jenkins" })).toEqual({
      reason: "agent died, checked in Jenkins",
    });
    expect(unlockBodySchema.safeParse({}).error?.issues[0]?.message).toBe("a written reason is required");
    for (const reason of ["stuck\u0000", "lone \ud800 surrogate"]) {
      expect(unlockBodySchema.safeParse({ reason }).error?.issues[0]?.message).toMatch(/NUL/);
    }
  });
});
