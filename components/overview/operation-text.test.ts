// A failed sync reads as failed in words on the overview (issue 13 item 1), not only as a red border.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { summariseOperation } from "@/lib/domain/operation-status";
import type { Overview, OverviewCell, OverviewEnvironment } from "@/lib/server/overview/types";
import { AppMatrix } from "./app-matrix";
import { EnvironmentCard } from "./environment-card";

const failed = summariseOperation({ phase: "Failed", message: "one or more objects failed to apply" });
const cell = (over: Partial<OverviewCell> = {}): OverviewCell => ({
  argoApp: "core-prod",
  syncStatus: "Synced",
  health: "Healthy",
  healthMessage: null,
  operationPhase: "Failed",
  operation: failed,
  imageTag: "1.0.0",
  revision: null,
  revisionUrl: null,
  lastDeployAt: null,
  lastDeployBy: null,
  operationBy: null,
  workload: null,
  pendingPromotions: 0,
  pendingHref: "/promotions",
  behind: null,
  promoteHref: null,
  tone: "bad",
  href: "/applications/core/prod",
  ...over,
});
const env: OverviewEnvironment = {
  name: "prod",
  displayName: "Production",
  namespace: "nura-prod",
  autoSync: false,
  tone: "bad",
  cluster: null,
  clusterAbsent: null,
  workloads: null,
  apps: { total: 1, synced: 1, healthy: 1, degraded: 0, outOfSync: 0 },
  failedSyncs: [{ application: "core", href: "/applications/core/prod", text: failed?.text ?? "", by: null }],
  metrics: null,
  grafanaUrl: null,
  drift: null,
};
const overview = (c: OverviewCell): Overview => ({
  generatedAt: "2026-12-01T10:00:00Z",
  pollIntervalMs: 5000,
  sources: [],
  environments: [env],
  applications: [{ name: "core", description: "", cells: { prod: c }, versions: [] }],
});

describe("failed sync on the overview", () => {
  it("the cell says 'Sync failed' and Argo CD's message next to Synced · Healthy, also to screen readers", () => {
    const html = renderToStaticMarkup(createElement(AppMatrix, { overview: overview(cell()) }));
    expect(html).toContain("Sync failed: one or more objects failed to apply");
    expect(html).toContain(
      'aria-label="core in prod: Synced, Healthy, Sync failed: one or more objects failed to apply"',
    );
  });

  it("a running sync shows its progress in words; a succeeded one adds nothing", () => {
    const running = summariseOperation({ phase: "Running", message: "", resourcesDone: 1, resourcesTotal: 4 });
    expect(
      renderToStaticMarkup(createElement(AppMatrix, { overview: overview(cell({ operation: running })) })),
    ).toContain("Syncing 1/4 resources…");
    const ok = summariseOperation({ phase: "Succeeded", message: "successfully synced" });
    const html = renderToStaticMarkup(
      createElement(AppMatrix, { overview: overview(cell({ operation: ok, tone: "ok" })) }),
    );
    expect(html).not.toContain("operation-status");
  });

  it("the environment card's badge counts failed syncs and lists them with the message", () => {
    const html = renderToStaticMarkup(createElement(EnvironmentCard, { env }));
    expect(html).toContain("1 sync failed");
    expect(html).toContain(
      '<a href="/applications/core/prod">core</a>: Sync failed: one or more objects failed to apply',
    );
  });
});

describe("an environment whose cluster does not exist yet", () => {
  it("says 'not created' and links to the Infrastructure page; an unread cluster stays 'unavailable'", () => {
    const absent = renderToStaticMarkup(
      createElement(EnvironmentCard, { env: { ...env, clusterAbsent: { name: "nura-prod" } } }),
    );
    expect(absent).toContain("<code>nura-prod</code>");
    expect(absent).toContain(">not created</span>");
    expect(absent).toContain('<a href="/infrastructure">Plan and apply prod</a>');
    expect(absent).toContain("none (no cluster)");
    const unread = renderToStaticMarkup(createElement(EnvironmentCard, { env }));
    expect(unread).not.toContain("not created");
    expect(unread).toContain("unavailable");
  });
});
