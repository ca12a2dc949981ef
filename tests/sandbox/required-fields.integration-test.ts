// The Grafana and Slack emulators, and moto's EKS, against the required-field overlays
// (required-fields.ts): what the portal reads must be there, with the real API's types, in successes and
// in error bodies alike. (Kubernetes and Jenkins are checked in their own emulator tests, Argo CD by
// ARGOCD_REQUIRED.)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorld, type World } from "@/sandbox/world";
import { waitFor } from "./helpers";
import { EKS_REQUIRED, expectRequired, GRAFANA_REQUIRED, SLACK_REQUIRED } from "./required-fields";

let world: World;

beforeAll(async () => {
  world = await startWorld({ services: ["prometheus", "moto"], prometheusScrapeSeconds: 1 });
});
afterAll(async () => {
  await world?.stop();
});

async function call(url: string, init: RequestInit & { token?: string | null } = {}) {
  const { token, ...rest } = init;
  const res = await fetch(url, {
    ...rest,
    headers: {
      "content-type": "application/json; charset=utf-8",
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(rest.headers as Record<string, string>),
    },
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("Grafana emulator", () => {
  const query = (expr: string) =>
    call(`${world.env.GRAFANA_URL}/api/ds/query`, {
      method: "POST",
      token: world.env.GRAFANA_TOKEN,
      body: JSON.stringify({
        from: "now-5m",
        to: "now",
        queries: [
          {
            refId: "A",
            datasource: { type: "prometheus", uid: world.env.GRAFANA_DATASOURCE_UID },
            expr,
            range: true,
            intervalMs: 15_000,
            maxDataPoints: 20,
          },
        ],
      }),
    });

  it("answers /api/ds/query with frames that carry what the portal reads", async () => {
    const r = await waitFor("a scraped series", async () => {
      const q = await query("up");
      const frames = (q.body.results as Record<string, { frames?: unknown[] }> | undefined)?.A?.frames ?? [];
      return q.status === 200 && frames.length > 0 && q;
    });
    expectRequired(GRAFANA_REQUIRED.dsQuery, r.body, "ds/query");
  });

  it("answers a bad query and a bad token with the error bodies Grafana sends", async () => {
    const bad = await query("sum(");
    expect(bad.status).toBe(400);
    expectRequired(GRAFANA_REQUIRED.dsQuery, bad.body, "failed ds/query");
    expect((bad.body.results as Record<string, { error?: string }>).A?.error).toBeTruthy();
    const denied = await call(`${world.env.GRAFANA_URL}/api/ds/query`, { method: "POST", token: "wrong", body: "{}" });
    expect(denied.status).toBe(401);
    expectRequired(GRAFANA_REQUIRED.error, denied.body, "401");
  });
});

describe("Slack emulator", () => {
  const api = (method: string, body: Record<string, unknown>, token = world.env.SLACK_BOT_TOKEN) =>
    call(`${world.env.SLACK_API_URL}${method}`, { method: "POST", token, body: JSON.stringify(body) });

  it("answers chat.postMessage, chat.update and chat.getPermalink with every field Slack's definition requires", async () => {
    const posted = await api("chat.postMessage", { channel: "#nura-releases", text: "contract check" });
    expect(posted.status).toBe(200);
    expectRequired(SLACK_REQUIRED["chat.postMessage"], posted.body, "chat.postMessage");
    const { channel, ts } = posted.body as { channel: string; ts: string };
    const updated = await api("chat.update", { channel, ts, text: "contract check, edited" });
    expectRequired(SLACK_REQUIRED["chat.update"], updated.body, "chat.update");
    const link = await api("chat.getPermalink", { channel, message_ts: ts });
    expectRequired(SLACK_REQUIRED["chat.getPermalink"], link.body, "chat.getPermalink");
  });

  it("answers an unknown channel and a bad token with Slack's error body", async () => {
    const unknown = await api("chat.postMessage", { channel: "#does-not-exist", text: "x" });
    expect(unknown.body).toMatchObject({ ok: false });
    expectRequired(SLACK_REQUIRED.error, unknown.body, "unknown channel");
    const badToken = await api("chat.postMessage", { channel: "#nura-releases", text: "x" }, "xoxb-wrong");
    expect(badToken.body).toMatchObject({ ok: false, error: "invalid_auth" });
    expectRequired(SLACK_REQUIRED.error, badToken.body, "bad token");
  });
});

describe("EKS on moto", () => {
  // The body as the SDK receives it (rest-json). moto's server mode routes by the credential scope and
  // does not check the signature, so a request scoped to eks in eu-west-1 is enough to read it raw.
  const eks = async (path: string) => {
    const res = await fetch(`${world.env.AWS_ENDPOINT_URL_EKS}${path}`, {
      headers: {
        authorization: `AWS4-HMAC-SHA256 Credential=${world.env.AWS_ACCESS_KEY_ID}/20261201/eu-west-1/eks/aws4_request, SignedHeaders=host, Signature=0`,
      },
    });
    return { status: res.status, errorType: res.headers.get("x-amzn-errortype"), body: await res.json() };
  };

  it("describes a cluster and its node groups with the model's types", async () => {
    const cluster = await eks("/clusters/nura-prod");
    expect(cluster.status).toBe(200);
    expect(cluster.body.cluster.name).toBe("nura-prod");
    expectRequired(EKS_REQUIRED.describeCluster, cluster.body, "DescribeCluster");
    const list = await eks("/clusters/nura-prod/node-groups");
    expect(list.body.nodegroups.length).toBeGreaterThan(0);
    for (const name of list.body.nodegroups as string[]) {
      const ng = await eks(`/clusters/nura-prod/node-groups/${name}`);
      // The overlay types only what is there (no member is required), so an error body would meet it.
      expect(ng.status, name).toBe(200);
      expect(ng.body.nodegroup.nodegroupName).toBe(name);
      expectRequired(EKS_REQUIRED.describeNodegroup, ng.body, `DescribeNodegroup ${name}`);
    }
  });

  it("answers a missing cluster as rest-json does: 404, the error type header and a message", async () => {
    const missing = await eks("/clusters/nope");
    expect(missing.status).toBe(404);
    expect(missing.errorType).toMatch(/^ResourceNotFoundException/);
    expectRequired(EKS_REQUIRED.error, missing.body, "ResourceNotFoundException");
  });
});
