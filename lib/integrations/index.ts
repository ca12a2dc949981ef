import "server-only";
import { resolve } from "node:path";
// The one place that builds adapters from the environment. Nothing else knows URLs or tokens, and
// nothing here knows whether they point at the sandbox or at production.
import { childProcessBaseEnv, getEnv, type ServerEnv } from "@/lib/env";
import { IntegrationError } from "@/lib/http/errors";
import type { ArgoCdApi } from "./argocd/api";
import { createArgoCdClient } from "./argocd/client";
import type { EksApi } from "./eks/api";
import { createEksClient } from "./eks/client";
import type { GitOpsApi } from "./git/api";
import { createGitOpsClient } from "./git/client";
import { transportOf } from "./git/credentials";
import type { GrafanaApi } from "./grafana/api";
import { createGrafanaClient } from "./grafana/client";
import type { JenkinsApi } from "./jenkins/api";
import { createJenkinsClient } from "./jenkins/client";
import type { KubernetesApi } from "./kubernetes/api";
import { createKubernetesClient } from "./kubernetes/client";
import type { SlackApi } from "./slack/api";
import { createSlackBotClient, createSlackWebhookClient } from "./slack/client";

export interface Integrations {
  argocd: ArgoCdApi;
  kubernetes: KubernetesApi;
  eks: EksApi;
  grafana: GrafanaApi;
  jenkins: JenkinsApi;
  /** The GitOps repository promotions commit to (GITOPS_REPO_URL). */
  gitops: GitOpsApi;
  /** Grafana's public base URL for deep links (null when Grafana is not configured). */
  grafanaUrl: string | null;
  /** Bot token → threads and updates; webhook only → plain posts; neither → null (nothing is sent). */
  slack: SlackApi | null;
}

export function buildGitOps(env: ServerEnv): GitOpsApi {
  if (!env.GITOPS_REPO_URL) return unconfigured<GitOpsApi>("git", "GITOPS_REPO_URL");
  // A relative path means the portal's working directory; git runs inside the cache dir.
  const repoUrl =
    transportOf(env.GITOPS_REPO_URL) === "local" && !/^file:/i.test(env.GITOPS_REPO_URL)
      ? resolve(env.GITOPS_REPO_URL)
      : env.GITOPS_REPO_URL;
  return createGitOpsClient({
    repoUrl,
    branch: env.GITOPS_BRANCH,
    cacheDir: resolve(env.GITOPS_CACHE_DIR),
    committer: { name: env.GITOPS_COMMITTER_NAME, email: env.GITOPS_COMMITTER_EMAIL },
    token: env.GITOPS_TOKEN,
    tokenUser: env.GITOPS_TOKEN_USER,
    sshKeyPath: env.GITOPS_SSH_KEY_PATH,
    sshKnownHostsPath: env.GITOPS_SSH_KNOWN_HOSTS,
    timeoutMs: env.GITOPS_TIMEOUT_MS,
    pushAttempts: env.GITOPS_PUSH_ATTEMPTS,
    inherited: childProcessBaseEnv(),
  });
}

const SLACK_API_DEFAULT = "https://slack.com/api/";

export function buildSlack(env: ServerEnv, fetchImpl: typeof fetch = fetch): SlackApi | null {
  // Slack gets more time than the page-bound upstreams: it runs in the background, never in a render.
  const timeoutMs = Math.max(env.UPSTREAM_TIMEOUT_MS, 5_000);
  if (env.SLACK_BOT_TOKEN) {
    return createSlackBotClient({
      baseUrl: env.SLACK_API_URL ?? SLACK_API_DEFAULT,
      token: env.SLACK_BOT_TOKEN,
      channel: env.SLACK_CHANNEL,
      fetch: fetchImpl,
      timeoutMs,
    });
  }
  if (env.SLACK_WEBHOOK_URL) {
    return createSlackWebhookClient({ webhookUrl: env.SLACK_WEBHOOK_URL, fetch: fetchImpl, timeoutMs });
  }
  return null;
}

/** An adapter whose every call fails with "not configured", so pages show what is missing. */
function unconfigured<T extends object>(system: string, variables: string): T {
  return new Proxy({} as T, {
    get: (_t, prop) =>
      prop === "then"
        ? undefined
        : () => Promise.reject(new IntegrationError(system, null, `${system} is not configured: set ${variables}`)),
  });
}

export function buildIntegrations(env: ServerEnv, fetchImpl: typeof fetch = fetch): Integrations {
  const timeoutMs = env.UPSTREAM_TIMEOUT_MS;
  const argocd =
    env.ARGOCD_URL && env.ARGOCD_TOKEN
      ? createArgoCdClient({ baseUrl: env.ARGOCD_URL, token: env.ARGOCD_TOKEN, fetch: fetchImpl, timeoutMs })
      : unconfigured<ArgoCdApi>("argocd", "ARGOCD_URL and ARGOCD_TOKEN");
  const grafana =
    env.GRAFANA_URL && env.GRAFANA_TOKEN
      ? createGrafanaClient({
          baseUrl: env.GRAFANA_URL,
          token: env.GRAFANA_TOKEN,
          datasourceUid: env.GRAFANA_DATASOURCE_UID,
          fetch: fetchImpl,
          timeoutMs,
        })
      : {
          queryRange: unconfigured<GrafanaApi>("grafana", "GRAFANA_URL and GRAFANA_TOKEN").queryRange,
          dashboardUrl: () => "",
        };
  const jenkins =
    env.JENKINS_URL && env.JENKINS_USER && env.JENKINS_TOKEN
      ? createJenkinsClient({
          baseUrl: env.JENKINS_URL,
          user: env.JENKINS_USER,
          token: env.JENKINS_TOKEN,
          fetch: fetchImpl,
          timeoutMs: env.JENKINS_TIMEOUT_MS,
        })
      : unconfigured<JenkinsApi>("jenkins", "JENKINS_URL, JENKINS_USER and JENKINS_TOKEN");
  return {
    argocd,
    grafana,
    jenkins,
    gitops: buildGitOps(env),
    grafanaUrl: env.GRAFANA_URL ?? null,
    slack: buildSlack(env, fetchImpl),
    kubernetes: createKubernetesClient({ kubeconfigPath: env.KUBECONFIG, timeoutMs }),
    eks: createEksClient({ endpoint: env.AWS_ENDPOINT_URL_EKS, timeoutMs }),
  };
}

const holder = globalThis as unknown as { __nuraIntegrations?: Integrations };

/** The process-wide adapters, built once from getEnv(). */
export function getIntegrations(): Integrations {
  holder.__nuraIntegrations ??= buildIntegrations(getEnv());
  return holder.__nuraIntegrations;
}
