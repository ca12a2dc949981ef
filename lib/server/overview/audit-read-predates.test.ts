import { describe, expect, it } from "vitest";
import type { AppStatus } from "@/lib/integrations/argocd/api";
import { auditReadPredates } from "./service";

const op = (username: string | null, startedAt: string) =>
  ({
    operation: {
      initiatedBy: username ? { kind: "user", username } : { kind: "automated" },
      startedAt,
    },
  }) as unknown as Pick<AppStatus, "operation">;

describe("auditReadPredates", () => {
  const audit = { fetchedAt: "2026-12-01T12:00:00.000Z" };
  it("is true for a portal-started operation newer than the audit read: the read may miss its intent", () => {
    expect(auditReadPredates(audit, [op("portal", "2026-12-01T12:00:01Z")])).toBe(true);
  });
  it("is false for older portal operations, other users, auto-sync, no operation or no read yet", () => {
    expect(auditReadPredates(audit, [op("portal", "2026-12-01T11:59:59Z")])).toBe(false);
    expect(auditReadPredates(audit, [op("alice", "2026-12-01T12:00:01Z")])).toBe(false);
    expect(auditReadPredates(audit, [op(null, "2026-12-01T12:00:01Z")])).toBe(false);
    expect(auditReadPredates(audit, [{ operation: null }])).toBe(false);
    expect(auditReadPredates({ fetchedAt: null }, [op("portal", "2026-12-01T12:00:01Z")])).toBe(false);
    expect(auditReadPredates(audit, null)).toBe(false);
  });
  it("uses the portal's own Argo CD account name", () => {
    expect(auditReadPredates(audit, [op("nura-portal", "2026-12-01T12:00:01Z")], "nura-portal")).toBe(true);
  });
});
