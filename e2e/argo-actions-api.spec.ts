// POST /api/applications/{app}/{env}/sync|refresh over real HTTP against the production build, the
// sandbox's Argo CD and the portal's database: every call leaves its audit trail under the request's
// X-Request-Id (intent before Argo CD, "started" when it accepts, the outcome when the operation ends), read back through GET /api/audit. Confirm, prune,
// a role that may not act (403, recorded as denied) and a bad body (400, nothing recorded) included.
import type { APIRequestContext, Browser } from "@playwright/test";
import { expect, signInAs, test } from "./fixtures";

type AuditEvent = {
  action: string;
  outcome: string;
  actorEmail: string | null;
  environment: string | null;
  application: string | null;
  correlationId: string | null;
  details: Record<string, unknown>;
};

/** A request context carrying `email`'s session cookie, signed in through the real login form. */
async function signedIn(browser: Browser, email: string): Promise<APIRequestContext> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInAs(page, email, "/");
  return page.request;
}

const requestId = (what: string) => `e2e-${what}-${Date.now().toString(36)}`;

async function post(api: APIRequestContext, path: string, id: string, data: unknown) {
  return api.post(path, {
    data,
    headers: { "x-request-id": id, origin: new URL(path, test.info().project.use.baseURL).origin },
  });
}

async function trail(api: APIRequestContext, correlationId: string): Promise<AuditEvent[]> {
  const res = await api.get(`/api/audit?correlationId=${encodeURIComponent(correlationId)}`);
  expect(res.status()).toBe(200);
  const { events } = (await res.json()) as { events: AuditEvent[] };
  return events.reverse(); // oldest first
}

test("sync and refresh over HTTP are audited under the request id, with confirm, prune and 403", async ({
  browser,
}) => {
  const approver = await signedIn(browser, "approver@nura.local");
  const viewer = await signedIn(browser, "viewer@nura.local");

  // A confirmed sync with prune: 200, the intent then the success, prune recorded.
  const syncId = requestId("sync");
  const sync = await post(approver, "/api/applications/nura-ui/dev/sync", syncId, { confirm: true, prune: true });
  expect(sync.status(), await sync.text()).toBe(200);
  expect(sync.headers()["x-request-id"]).toBe(syncId);
  expect((await sync.json()).status.name).toBe("nura-ui-dev");
  // Intent, Argo CD's acceptance ("started"), then the real outcome, written by the job queue's watch
  // when the operation ends, under the same request id.
  await expect
    .poll(async () => (await trail(approver, syncId)).map((e) => [e.action, e.outcome]), { timeout: 30_000 })
    .toEqual([
      ["argocd.sync", "intent"],
      ["argocd.sync_started", "success"],
      ["argocd.sync", "success"],
    ]);
  const synced = await trail(approver, syncId);
  for (const e of synced) {
    expect(e).toMatchObject({ actorEmail: "approver@nura.local", environment: "dev", application: "nura-ui" });
    expect(e.details).toMatchObject({ argocdApplication: "nura-ui-dev", prune: true });
  }

  // Not confirmed: 400 naming the field, and nothing is recorded or sent to Argo CD.
  const unconfirmedId = requestId("unconfirmed");
  const unconfirmed = await post(approver, "/api/applications/nura-ui/dev/sync", unconfirmedId, {
    confirm: false,
  });
  expect(unconfirmed.status()).toBe(400);
  expect(await unconfirmed.text()).toContain("confirm");
  expect(await trail(approver, unconfirmedId)).toEqual([]);

  // A viewer may not sync prod: 403, on record as denied.
  const deniedId = requestId("denied");
  const denied = await post(viewer, "/api/applications/nura-ui/prod/sync", deniedId, { confirm: true });
  expect(denied.status()).toBe(403);
  expect((await trail(approver, deniedId)).map((e) => [e.action, e.outcome, e.actorEmail])).toEqual([
    ["argocd.sync", "denied", "viewer@nura.local"],
  ]);

  // Refresh: the same trail, without prune.
  const refreshId = requestId("refresh");
  const refresh = await post(approver, "/api/applications/nura-ui/prod/refresh", refreshId, { confirm: true });
  expect(refresh.status(), await refresh.text()).toBe(200);
  const refreshed = await trail(approver, refreshId);
  expect(refreshed.map((e) => [e.action, e.outcome, e.environment, e.application])).toEqual([
    ["argocd.refresh", "intent", "prod", "nura-ui"],
    ["argocd.refresh", "success", "prod", "nura-ui"],
  ]);
  expect(refreshed[0]!.details).not.toHaveProperty("prune");
});
