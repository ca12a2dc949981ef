// The full world: moto (EKS through @aws-sdk/client-eks), real Prometheus behind Grafana's API,
// Slack through @slack/webhook and @slack/web-api, fault injection through the control API, and
// no processes left behind after stop().
import { execFileSync } from "node:child_process";
import {
  DescribeClusterCommand,
  DescribeNodegroupCommand,
  ListNodegroupsCommand,
  ResourceNotFoundException,
} from "@aws-sdk/client-eks";
import { WebClient } from "@slack/web-api";
import { IncomingWebhook } from "@slack/webhook";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eksClient } from "@/sandbox/aws/seed-eks";
import { collectRuleGroups } from "@/sandbox/prometheus/prometheus";
import { startWorld, type World } from "@/sandbox/world";
import { waitFor } from "./helpers";

let world: World;
// biome-ignore lint/suspicious/noExplicitAny: JSON navigated after shape assertions
type Json = any;

async function control(target: string, patch: Record<string, unknown> | null) {
  const res = await fetch(`${world.env.SANDBOX_CONTROL_URL}/faults/${target}`, {
    method: patch ? "PUT" : "DELETE",
    headers: { "content-type": "application/json" },
    body: patch ? JSON.stringify(patch) : undefined,
  });
  expect(res.status).toBe(200);
  return res.json();
}

function eks() {
  const c = eksClient(world.env.AWS_ENDPOINT_URL_EKS!, world.env.AWS_REGION!);
  return c;
}

async function grafana(path: string, body?: unknown, token: string | null = world.env.GRAFANA_TOKEN!) {
  const res = await fetch(`${world.env.GRAFANA_URL}${path}`, {
    method: body ? "POST" : "GET",
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), "content-type": "application/json" },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: (text.startsWith("{") || text.startsWith("[") ? JSON.parse(text) : text) as Json };
}

beforeAll(async () => {
  world = await startWorld({ prometheusScrapeSeconds: 1, jenkinsJobsFile: "tests/sandbox/fixtures/jobs.yaml" });
});
afterAll(async () => {
  await world?.stop();
});

describe("EKS on moto", () => {
  it("has one ACTIVE cluster per environment with system and application node groups", async () => {
    const client = eks();
    for (const env of ["dev", "staging", "prod"]) {
      const { cluster } = await client.send(new DescribeClusterCommand({ name: `nura-${env}` }));
      expect(cluster?.status).toBe("ACTIVE");
      expect(cluster?.createdAt).toBeInstanceOf(Date);
      const { nodegroups } = await client.send(new ListNodegroupsCommand({ clusterName: `nura-${env}` }));
      expect([...(nodegroups ?? [])].sort()).toEqual(["application", "system"]);
    }
    const { nodegroup } = await client.send(
      new DescribeNodegroupCommand({ clusterName: "nura-prod", nodegroupName: "application" }),
    );
    expect(nodegroup?.scalingConfig).toEqual({ minSize: 2, maxSize: 10, desiredSize: 3 });
    expect(nodegroup?.instanceTypes).toEqual(["m6i.xlarge", "m6a.xlarge"]);
    const err = await client.send(new DescribeClusterCommand({ name: "nope" })).catch((e) => e);
    expect(err).toBeInstanceOf(ResourceNotFoundException);
  });

  it("the moto proxy injects errors and goes down and up", async () => {
    const client = eksClient(world.env.AWS_ENDPOINT_URL_EKS!, "eu-west-1");
    client.config.maxAttempts = async () => 1;
    await control("moto", { errorRate: 1 });
    const injected = await client.send(new DescribeClusterCommand({ name: "nura-dev" })).catch((e) => e);
    expect(injected.name).toBe("ServiceUnavailableException");
    expect(injected.$metadata.httpStatusCode).toBe(503);
    await control("moto", { errorRate: 0, down: true });
    const down = await client.send(new DescribeClusterCommand({ name: "nura-dev" })).catch((e) => e);
    expect(String(down.code ?? down.message)).toMatch(/ECONNREFUSED/);
    await control("moto", { down: false });
    const { cluster } = await client.send(new DescribeClusterCommand({ name: "nura-dev" }));
    expect(cluster?.name).toBe("nura-dev");
  });
});

describe("Prometheus and Grafana", () => {
  it("answers /api/health, search and dashboard deep links", async () => {
    expect((await grafana("/api/health", undefined, null)).body.database).toBe("ok");
    expect((await grafana("/api/search?type=dash-db", undefined, null)).status).toBe(401);
    expect((await grafana("/api/search?type=dash-db", undefined, "glsa_wrong")).status).toBe(401);
    const search = await grafana("/api/search?query=overview&type=dash-db");
    expect(search.status).toBe(200);
    const hit = search.body.find((d: Json) => d.uid === "nura-overview");
    expect(hit).toMatchObject({ type: "dash-db", url: expect.stringMatching(/^\/d\/nura-overview\//) });
    const page = await fetch(`${world.env.GRAFANA_URL}${hit.url}?orgId=1&from=now-6h&to=now&var-env=prod`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("prod");
  });

  it("/api/ds/query returns data frames from the real Prometheus scraping the workload exporter", async () => {
    const query = {
      from: "now-5m",
      to: "now",
      queries: [
        {
          refId: "A",
          datasource: { type: "prometheus", uid: world.env.GRAFANA_DATASOURCE_UID },
          expr: 'sum by (app) (http_requests_total{env="prod"})',
          range: true,
          instant: false,
          intervalMs: 1000,
          maxDataPoints: 300,
          legendFormat: "{{app}}",
        },
      ],
    };
    const r = await waitFor("scraped series", async () => {
      const x = await grafana("/api/ds/query", query);
      return (
        x.status === 200 &&
        x.body.results.A.frames.length === 3 &&
        x.body.results.A.frames[0].data.values[0].length >= 2 &&
        x
      );
    });
    const frame = r.body.results.A.frames[0];
    expect(frame.schema.meta).toMatchObject({ type: "timeseries-multi", custom: { resultType: "matrix" } });
    expect(frame.schema.fields[0]).toMatchObject({ name: "Time", type: "time" });
    expect(frame.schema.fields[1]).toMatchObject({ name: "Value", type: "number" });
    expect(["nura-core", "nura-ui", "nura-portal"]).toContain(frame.schema.fields[1].labels.app);
    const [times, values] = frame.data.values;
    expect(times.length).toBe(values.length);
    expect(times[0]).toBeGreaterThan(1e12); // milliseconds
    expect(values.at(-1)).toBeGreaterThan(values[0]); // a counter grows

    const bad = await grafana("/api/ds/query", { ...query, queries: [{ ...query.queries[0], expr: "sum(" }] });
    expect(bad.status).toBe(400);
    expect(bad.body.results.A.error).toBeTruthy();
    const unknown = await grafana("/api/ds/query", {
      ...query,
      queries: [{ ...query.queries[0], datasource: { uid: "nope" } }],
    });
    expect(unknown).toMatchObject({ status: 404, body: { message: "Data source not found" } });

    const proxied = await grafana(
      `/api/datasources/proxy/uid/${world.env.GRAFANA_DATASOURCE_UID}/api/v1/query?query=up`,
    );
    expect(proxied.body.status).toBe("success");
    expect(proxied.body.data.result.map((s: Json) => s.metric.job).sort()).toEqual([
      "nura-portal",
      "sandbox-workloads",
    ]);
  });

  it("evaluates the PrometheusRules of infra/monitoring", async () => {
    const expected = collectRuleGroups(process.cwd()) as { name: string }[];
    const res = await fetch(`${world.env.PROMETHEUS_URL}/api/v1/rules`).then((r) => r.json() as Promise<Json>);
    expect(res.data.groups.map((g: Json) => g.name).sort()).toEqual(expected.map((g) => g.name).sort());
  });

  it("a Degraded release shows errors and latency in the exporter", async () => {
    const exporter = await fetch(`${world.control.urls.exporter}/metrics`).then((r) => r.text());
    expect(exporter).toMatch(
      /^http_request_duration_seconds_bucket\{env="prod",namespace="nura-prod",app="nura-core",le="0.1"\} /m,
    );
    const ctl = world.control.controller;
    const a = ctl.get("nura-ui-prod")!;
    const read = async () => {
      const text = await fetch(`${world.control.urls.exporter}/metrics`).then((r) => r.text());
      const v = (code: string) =>
        Number(
          new RegExp(
            `http_requests_total\\{env="prod",namespace="nura-prod",app="nura-ui",code="${code}"\\} ([\\d.]+)`,
          ).exec(text)![1],
        );
      return { ok: v("2xx"), err: v("5xx") };
    };
    const h0 = await read();
    await new Promise((r) => setTimeout(r, 1000));
    const h1 = await read();
    const healthyRatio = (h1.err - h0.err) / (h1.err - h0.err + h1.ok - h0.ok);
    a.health = { status: "Degraded", lastTransitionTime: new Date().toISOString() };
    const d0 = await read();
    await new Promise((r) => setTimeout(r, 1000));
    const d1 = await read();
    const degradedRatio = (d1.err - d0.err) / (d1.err - d0.err + d1.ok - d0.ok);
    a.health = { status: "Healthy", lastTransitionTime: new Date().toISOString() };
    expect(healthyRatio).toBeLessThan(0.01);
    expect(degradedRatio).toBeGreaterThan(0.15);
  });

  it("Prometheus faults surface through Grafana as a failed query", async () => {
    await control("prometheus", { down: true });
    const r = await grafana("/api/ds/query", {
      from: "now-5m",
      to: "now",
      queries: [{ refId: "A", datasource: { uid: "prometheus" }, expr: "up", range: true }],
    });
    expect(r.status).toBe(400);
    expect(r.body.results.A.status).toBe(500);
    await control("prometheus", null);
    const ok = await grafana("/api/ds/query", {
      from: "now-5m",
      to: "now",
      queries: [{ refId: "A", datasource: { uid: "prometheus" }, expr: "up", range: true }],
    });
    expect(ok.status).toBe(200);
  });
});

describe("Slack", () => {
  it("records webhook and chat.* messages, with permalinks, for the sandbox page", async () => {
    const hook = new IncomingWebhook(world.env.SLACK_WEBHOOK_URL!);
    expect(
      await hook.send({
        text: "Promotion requested",
        blocks: [{ type: "section", text: { type: "mrkdwn", text: "*nura-core* 1.4.2 → staging" } }],
      }),
    ).toEqual({ text: "ok" });
    await expect(hook.send({})).rejects.toMatchObject({ code: "slack_webhook_http_error" });

    const web = new WebClient(world.env.SLACK_BOT_TOKEN, {
      slackApiUrl: world.env.SLACK_API_URL,
      retryConfig: { retries: 0 },
    });
    const posted = await web.chat.postMessage({
      channel: "#nura-releases",
      text: "Approved",
      blocks: [
        {
          type: "actions",
          elements: [
            { type: "button", text: { type: "plain_text", text: "Open" }, url: "http://localhost:3000/promotions/1" },
          ],
        },
      ],
    });
    expect(posted.ok).toBe(true);
    expect(posted.ts).toMatch(/^\d+\.\d{6}$/);
    const updated = await web.chat.update({ channel: posted.channel!, ts: posted.ts!, text: "Approved (2/2)" });
    expect(updated.ok).toBe(true);
    const link = await web.chat.getPermalink({ channel: posted.channel!, message_ts: posted.ts! });
    expect(link.permalink).toContain(`/archives/${posted.channel}/p${posted.ts!.replace(".", "")}`);
    expect((await fetch(link.permalink!)).status).toBe(200);
    const bad = new WebClient("xoxb-wrong", { slackApiUrl: world.env.SLACK_API_URL, retryConfig: { retries: 0 } });
    await expect(bad.chat.postMessage({ channel: "#x", text: "x" })).rejects.toMatchObject({
      data: { ok: false, error: "invalid_auth" },
    });

    const list = await fetch(`${world.env.SANDBOX_SLACK_URL}/__sandbox/messages`).then(
      (r) => r.json() as Promise<Json>,
    );
    expect(list.messages[0]).toMatchObject({
      text: "Approved (2/2)",
      source: "chat.postMessage",
      channelName: "nura-releases",
    });
    expect(list.messages[0].blocks[0].elements[0].url).toBe("http://localhost:3000/promotions/1");
    expect(list.messages[1]).toMatchObject({ text: "Promotion requested", source: "webhook" });
  });

  it("injects errors into webhooks", async () => {
    await control("slack", { errorRate: 1 });
    await expect(new IncomingWebhook(world.env.SLACK_WEBHOOK_URL!).send({ text: "x" })).rejects.toMatchObject({
      code: "slack_webhook_http_error",
    });
    await control("slack", null);
  });
});

describe("fault injection on emulators", () => {
  it("adds latency, errors at a rate, and goes down / up (Argo CD)", async () => {
    const get = () =>
      fetch(`${world.env.ARGOCD_URL}/api/v1/applications/nura-core-dev`, {
        headers: { authorization: `Bearer ${world.env.ARGOCD_TOKEN}` },
      });
    await control("argocd", { latencyMs: 400 });
    const t0 = Date.now();
    expect((await get()).status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(380);
    await control("argocd", { latencyMs: 0, errorRate: 0.5 });
    const statuses = await Promise.all(Array.from({ length: 40 }, () => get().then((r) => r.status)));
    const errors = statuses.filter((s) => s === 503).length;
    expect(errors).toBeGreaterThan(5);
    expect(errors).toBeLessThan(35);
    await control("argocd", { errorRate: 0, down: true });
    await expect(get()).rejects.toThrow();
    await control("argocd", { down: false });
    expect((await get()).status).toBe(200);
    const all = await fetch(`${world.env.SANDBOX_CONTROL_URL}/faults`).then((r) => r.json() as Promise<Json>);
    expect(Object.keys(all).sort()).toEqual([
      "argocd",
      "exporter",
      "grafana",
      "jenkins",
      "kubernetes",
      "moto",
      "prometheus",
      "slack",
    ]);
    const rejected = await fetch(`${world.env.SANDBOX_CONTROL_URL}/faults/argocd`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ errorRate: 2 }),
    });
    expect(rejected.status).toBe(400);
  });
});

describe("lifecycle", () => {
  it("stop() leaves no moto or Prometheus process behind", async () => {
    const pids = world.control.childPids();
    expect(pids).toHaveLength(2);
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    expect(pids.every(alive)).toBe(true);
    await world.stop();
    world = undefined as unknown as World;
    expect(pids.filter(alive)).toEqual([]);
    const ps = execFileSync("ps", ["-eo", "pid,args"]).toString();
    for (const pid of pids) expect(ps).not.toMatch(new RegExp(`^\\s*${pid} `, "m"));
  });
});
