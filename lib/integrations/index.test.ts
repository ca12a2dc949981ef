import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";
import { IntegrationError } from "@/lib/http/errors";
import { buildIntegrations } from "./index";

describe("buildIntegrations", () => {
  it("names the missing variables when Argo CD or Grafana is not configured", async () => {
    const i = buildIntegrations(parseEnv({}));
    const argo = await i.argocd.listApplications().catch((e: unknown) => e);
    expect(argo).toBeInstanceOf(IntegrationError);
    expect((argo as Error).message).toBe("argocd is not configured: set ARGOCD_URL and ARGOCD_TOKEN");
    await expect(i.grafana.queryRange([], { from: "now-1h", to: "now" })).rejects.toThrow(
      "grafana is not configured: set GRAFANA_URL and GRAFANA_TOKEN",
    );
    expect(i.grafana.dashboardUrl("d", { from: "now-1h", to: "now" })).toBe("");
    expect(i.grafanaUrl).toBeNull();
  });

  it("builds the REST adapters from the URLs and tokens", () => {
    const i = buildIntegrations(
      parseEnv({
        ARGOCD_URL: "https://argocd.example",
        ARGOCD_TOKEN: "t",
        GRAFANA_URL: "https://grafana.example",
        GRAFANA_TOKEN: "g",
      }),
    );
    expect(i.grafana.dashboardUrl("nura", { from: "now-6h", to: "now" }, { env: "prod" })).toBe(
      "https://grafana.example/d/nura?orgId=1&from=now-6h&to=now&var-env=prod",
    );
  });

  it("picks Slack's mode: bot token first, then webhook, else nothing", () => {
    expect(buildIntegrations(parseEnv({})).slack).toBeNull();
    expect(
      buildIntegrations(parseEnv({ SLACK_WEBHOOK_URL: "https://hooks.slack.com/services/T/B/x" })).slack?.mode,
    ).toBe("webhook");
    const both = buildIntegrations(
      parseEnv({ SLACK_WEBHOOK_URL: "https://hooks.slack.com/services/T/B/x", SLACK_BOT_TOKEN: "xoxb-1" }),
    ).slack;
    expect(both).toMatchObject({ mode: "bot", supportsThreads: true });
  });
});
