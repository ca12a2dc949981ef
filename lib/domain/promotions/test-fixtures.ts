// Shared fixtures of the promotion rules' unit tests: a three-environment catalog parsed by the real
// parser (so it is valid by construction), people with roles, and a promotion builder.
import { parseCatalog } from "@/lib/catalog";
import type { Principal, Role } from "../roles";
import { policyFor } from "./policy";
import type { PromotionStatus } from "./status";
import type { ApprovalRecord, Ctx, Promotion, PromotionPolicy } from "./types";

export const catalog = parseCatalog(`
environments:
  - { name: dev, displayName: Dev, namespace: nura-dev, eksCluster: nura-dev, awsRegion: eu-west-1,
      approvalsRequired: 0, autoSync: true, grafanaDashboardUid: d }
  - { name: staging, displayName: Staging, namespace: nura-staging, eksCluster: nura-staging, awsRegion: eu-west-1,
      approvalsRequired: 1, autoSync: false, grafanaDashboardUid: d, minSoakMinutes: 0 }
  - name: prod
    displayName: Prod
    namespace: nura-prod
    eksCluster: nura-prod
    awsRegion: eu-west-1
    approvalsRequired: 2
    autoSync: false
    grafanaDashboardUid: d
    minSoakMinutes: 30
    approvalTtlMinutes: 120
    requestTtlMinutes: 1440
    verification: { windowMinutes: 5, maxErrorRatio: 0.02, maxP95Ms: 800 }
    freezeWindows:
      - { name: weekend freeze, reason: nobody on call, timeZone: Europe/Berlin, weekly: { from: "Fri 16:00", to: "Mon 08:00" } }
promotionPath: [dev, staging, prod]
applications:
  - name: core
    chartPath: helm/core
    valuesFiles: { dev: helm/core/values-dev.yaml, staging: helm/core/values-staging.yaml, prod: helm/core/values-prod.yaml }
    imageTagPath: image.tag
    argocdApps: { dev: core-dev, staging: core-staging, prod: core-prod }
`);

export const prodPolicy: PromotionPolicy = policyFor(catalog, "prod")!;
export const stagingPolicy: PromotionPolicy = policyFor(catalog, "staging")!;

/** Tuesday 2026-12-01 10:00 UTC (11:00 in Berlin): not in the weekend freeze. */
export const NOW = new Date("2026-12-01T10:00:00Z");
export const minutes = (n: number, from = NOW) => new Date(from.getTime() + n * 60_000);

export function person(id: string, ...grants: [Role, string | null][]): Principal {
  return {
    id,
    email: `${id}@nura.test`,
    name: id,
    grants: grants.map(([role, environment]) => ({ role, environment })),
  };
}

export const requester = person("dana", ["developer", null]);
export const ana = person("ana", ["approver", "prod"], ["developer", null]);
export const ben = person("ben", ["approver", null]);
export const ada = person("ada", ["admin", null]);
export const stagingOnly = person("sam", ["approver", "staging"]);
export const viewer = person("vic", ["viewer", null]);

export function approval(approverId: string, over: Partial<ApprovalRecord> = {}): ApprovalRecord {
  return {
    approverId,
    decision: "approved",
    comment: null,
    createdAt: minutes(-10),
    expiresAt: null,
    voidedAt: null,
    // An approver everywhere: tests about lost roles pass their own.
    approverGrants: [{ role: "approver", environment: null }],
    ...over,
  };
}

export function promotion(over: Partial<Promotion> = {}): Promotion {
  return {
    id: "p1",
    application: "core",
    fromEnvironment: "staging",
    toEnvironment: "prod",
    imageTag: "1.4.2",
    status: "requested" as PromotionStatus,
    requestedById: requester.id,
    createdAt: minutes(-30),
    targetValuesSha: "a".repeat(40),
    commitSha: null,
    revertSha: null,
    failureReason: null,
    freezeOverride: null,
    approvals: [],
    ...over,
  };
}

export const ctx = (over: Partial<Ctx> = {}): Ctx => ({ now: NOW, policy: prodPolicy, ...over });
