// Every mutating route and server action is audited: this test enumerates them from the source
// tree and fails when one is added without an entry here naming the audit actions it writes and
// the test that proves it writes exactly one event per call (those tests run in this same suite).
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AUDIT_ACTIONS, type AuditAction } from "@/lib/domain/audit-actions";

type Entry = { methods: string[]; actions: AuditAction[]; provenBy: string };

const AUDITED: Record<string, Entry> = {
  "app/api/promotions/route.ts": {
    methods: ["POST"],
    actions: ["promotion.requested"],
    provenBy: "tests/promotions/flow.integration-test.ts",
  },
  "app/api/promotions/[id]/approve/route.ts": {
    methods: ["POST"],
    actions: ["promotion.approved"],
    provenBy: "tests/promotions/flow.integration-test.ts",
  },
  "app/api/promotions/[id]/reject/route.ts": {
    methods: ["POST"],
    actions: ["promotion.rejected"],
    provenBy: "tests/promotions/flow.integration-test.ts",
  },
  "app/api/promotions/[id]/cancel/route.ts": {
    methods: ["POST"],
    actions: ["promotion.cancelled"],
    provenBy: "tests/promotions/flow.integration-test.ts",
  },
  "app/api/promotions/[id]/rollback/route.ts": {
    methods: ["POST"],
    actions: ["promotion.requested"],
    provenBy: "tests/promotions/flow.integration-test.ts",
  },
  "app/api/service-tokens/route.ts": {
    methods: ["POST"],
    actions: ["config.service_token_created"],
    provenBy: "tests/promotions/service-tokens.integration-test.ts",
  },
  "app/api/service-tokens/[id]/revoke/route.ts": {
    methods: ["POST"],
    actions: ["config.service_token_revoked"],
    provenBy: "tests/promotions/service-tokens.integration-test.ts",
  },
  "app/api/infra/environments/[env]/plan/route.ts": {
    methods: ["POST"],
    actions: ["infra.plan"],
    provenBy: "tests/infrastructure/runs.integration-test.ts",
  },
  "app/api/infra/environments/[env]/unlock/route.ts": {
    methods: ["POST"],
    actions: ["infra.unlock"],
    provenBy: "tests/infrastructure/runs.integration-test.ts",
  },
  "app/api/infra/runs/[id]/approve/route.ts": {
    methods: ["POST"],
    actions: ["infra.apply_approved"],
    provenBy: "tests/infrastructure/runs.integration-test.ts",
  },
  "app/api/infra/runs/[id]/apply/route.ts": {
    methods: ["POST"],
    actions: ["infra.apply_requested"],
    provenBy: "tests/infrastructure/runs.integration-test.ts",
  },
  "app/api/infra/runs/[id]/abort/route.ts": {
    methods: ["POST"],
    actions: ["infra.abort"],
    provenBy: "tests/infrastructure/runs.integration-test.ts",
  },
  "app/api/auth/[...nextauth]/route.ts": {
    methods: ["POST"],
    actions: ["auth.sign_in", "auth.sign_in_failed", "auth.sign_out"],
    provenBy: "tests/portal/auth-audit.integration-test.ts",
  },
  "app/api/applications/[app]/[env]/sync/route.ts": {
    methods: ["POST"],
    actions: ["argocd.sync", "argocd.sync_started"],
    provenBy: "tests/portal/argo-action-route.integration-test.ts",
  },
  // Rollback and terminate run the same service as sync (lib/server/applications/actions.ts);
  // their events are checked against the sandbox's Argo CD, the outcome watch included.
  "app/api/applications/[app]/[env]/rollback/route.ts": {
    methods: ["POST"],
    actions: ["argocd.rollback", "argocd.rollback_started"],
    provenBy: "tests/integrations/adapters.integration-test.ts",
  },
  "app/api/applications/[app]/[env]/terminate/route.ts": {
    methods: ["POST"],
    actions: ["argocd.terminate"],
    provenBy: "tests/integrations/adapters.integration-test.ts",
  },
  "app/api/applications/[app]/[env]/refresh/route.ts": {
    methods: ["POST"],
    actions: ["argocd.refresh"],
    provenBy: "tests/portal/argo-action-route.integration-test.ts",
  },
  "app/api/audit/verify/route.ts": {
    methods: ["POST"],
    actions: ["audit.verified"],
    provenBy: "tests/audit/audit-routes.integration-test.ts",
  },
  "app/api/audit/checkpoints/route.ts": {
    methods: ["POST"],
    actions: ["audit.checkpoint_created"],
    provenBy: "tests/audit/audit-routes.integration-test.ts",
  },
  // A read, but exporting the log is itself an audited act.
  "app/api/audit/export/route.ts": {
    methods: ["GET"],
    actions: ["audit.exported"],
    provenBy: "tests/audit/audit-routes.integration-test.ts",
  },
};

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

const MUTATING =
  /export\s+(?:const|async\s+function|function)\s+(POST|PUT|PATCH|DELETE)\b|\bas\s+(POST|PUT|PATCH|DELETE)\b/g;

function mutatingMethods(source: string): string[] {
  return [...source.matchAll(MUTATING)].map((m) => m[1] ?? m[2]!).sort();
}

describe("every mutating route and action is audited", () => {
  const sources = ["app", "components", "lib"].flatMap(walk).filter((f) => /\.(ts|tsx)$/.test(f));

  it("knows every route handler that changes state", () => {
    const found = Object.fromEntries(
      sources
        .filter((f) => f.endsWith("route.ts"))
        .map((f) => [f, mutatingMethods(readFileSync(f, "utf8"))] as const)
        .filter(([, methods]) => methods.length > 0),
    );
    const registered = Object.fromEntries(
      Object.entries(AUDITED)
        .map(([f, e]) => [f, e.methods.filter((m) => m !== "GET").sort()] as const)
        .filter(([, methods]) => methods.length > 0),
    );
    expect(found).toEqual(registered);
  });

  it("has no unregistered server actions", () => {
    const actions = sources.filter((f) => /^\s*["']use server["']/m.test(readFileSync(f, "utf8")));
    expect(actions.filter((f) => !AUDITED[f])).toEqual([]);
  });

  for (const [route, entry] of Object.entries(AUDITED)) {
    it(`${route} writes ${entry.actions.join(", ")}, proven by ${entry.provenBy}`, () => {
      expect(existsSync(route), `${route} no longer exists`).toBe(true);
      const proof = readFileSync(entry.provenBy, "utf8");
      for (const action of entry.actions) {
        expect(Object.hasOwn(AUDIT_ACTIONS, action)).toBe(true);
        expect(proof, `${entry.provenBy} never checks ${action}`).toContain(`"${action}"`);
      }
    });
  }
});
