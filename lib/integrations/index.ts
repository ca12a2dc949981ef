import "server-only";
// The one place that builds adapters from the environment. Nothing else knows URLs or tokens, and
// nothing here knows whether they point at the sandbox or at production.
import { getEnv, type ServerEnv } from "@/lib/env";
import { IntegrationError } from "@/lib/http/errors";
import type { ArgoCdApi } from "./argocd/api";
import { createArgoCdClient } from "./argocd/client";
import type { EksApi } from "./eks/api";
import { createEksClient } from "./eks/client";
import type { GrafanaApi } from "./grafana/api";
import { createGrafanaClient } from "./grafana/client";
import type { KubernetesApi } from "./kubernetes/api";
import { createKubernetesClient } from "./kubernetes/client";

export interface Integrations {
  argocd: ArgoCdApi;
  kubernetes: KubernetesApi;
  eks: EksApi;
  grafana: GrafanaApi;
  /** Grafana's public base URL for deep links (null when Grafana is not configured). */
  grafanaUrl: string | null;
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
  return {
    argocd,
    grafana,
    grafanaUrl: env.GRAFANA_URL ?? null,
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
