// The real Kubernetes adapter: @kubernetes/client-node with one kubeconfig context per
// environment (named after it), or the in-cluster service account when no kubeconfig is given.
import { ApiException, AppsV1Api, CoreV1Api, KubeConfig } from "@kubernetes/client-node";
import type { z } from "zod";
import { IntegrationError } from "@/lib/http/errors";
import { timeUpstream } from "@/lib/metrics";
import { withTimeout } from "../http-json";
import type { KubernetesApi } from "./api";
import { mapEvent, mapPod, mapWorkloads } from "./mapping";
import { deploymentSchema, eventSchema, listOf, podSchema } from "./schemas";

const SYSTEM = "kubernetes";
const PAGE = 500;

export interface KubernetesClientConfig {
  /** Path of a kubeconfig with one context per environment; unset → in-cluster config. */
  kubeconfigPath?: string;
  /** Context for an environment (default: the environment's name). */
  contextFor?: (env: string) => string;
  timeoutMs?: number;
}

type ListPage = { items: unknown[]; metadata?: { _continue?: string } };

function toIntegrationError(operation: string, err: unknown): IntegrationError {
  if (err instanceof IntegrationError) return err;
  if (err instanceof ApiException) {
    let message = `HTTP ${err.code}`;
    const body = err.body as unknown;
    try {
      const parsed = typeof body === "string" ? JSON.parse(body) : body;
      if (parsed && typeof parsed === "object" && "message" in parsed) message = String(parsed.message);
    } catch {
      // keep the status
    }
    return new IntegrationError(SYSTEM, err.code, `${operation}: HTTP ${err.code}: ${message}`, { cause: err });
  }
  const e = err as Error & { cause?: { code?: string }; code?: string };
  return new IntegrationError(SYSTEM, null, `${operation} failed: ${e.cause?.code ?? e.code ?? e.message}`, {
    cause: err,
  });
}

export function createKubernetesClient(cfg: KubernetesClientConfig = {}): KubernetesApi {
  const timeoutMs = cfg.timeoutMs ?? 5_000;
  const clients = new Map<string, { core: CoreV1Api; apps: AppsV1Api }>();

  const clientsFor = (env: string) => {
    let c = clients.get(env);
    if (!c) {
      const kc = new KubeConfig();
      if (cfg.kubeconfigPath) {
        kc.loadFromFile(cfg.kubeconfigPath);
        const context = cfg.contextFor?.(env) ?? env;
        if (!kc.contexts.some((x) => x.name === context)) {
          throw new IntegrationError(SYSTEM, null, `kubeconfig has no context "${context}" for environment ${env}`);
        }
        kc.setCurrentContext(context);
      } else {
        kc.loadFromCluster();
      }
      c = { core: kc.makeApiClient(CoreV1Api), apps: kc.makeApiClient(AppsV1Api) };
      clients.set(env, c);
    }
    return c;
  };

  /** Lists every page of a collection, parsing each item with its wire schema. */
  async function listAll<S extends z.ZodType>(
    operation: string,
    schema: S,
    fetchPage: (cont: string | undefined) => Promise<ListPage>,
  ): Promise<z.output<S>[]> {
    return timeUpstream(SYSTEM, operation, async () => {
      const parse = listOf(schema);
      const out: z.output<S>[] = [];
      let cont: string | undefined;
      do {
        let page: ListPage;
        try {
          page = await withTimeout(SYSTEM, operation, timeoutMs, fetchPage(cont));
        } catch (err) {
          throw toIntegrationError(operation, err);
        }
        const parsed = parse.safeParse(page);
        if (!parsed.success) {
          const i = parsed.error.issues[0];
          throw new IntegrationError(
            SYSTEM,
            200,
            `${operation}: unexpected response (${i?.path.join(".")}: ${i?.message})`,
          );
        }
        out.push(...(parsed.data.items as z.output<S>[]));
        cont = parsed.data.metadata?._continue ?? parsed.data.metadata?.continue ?? undefined;
      } while (cont);
      return out;
    });
  }

  const safeClients = (env: string, operation: string) => {
    try {
      return clientsFor(env);
    } catch (err) {
      throw toIntegrationError(operation, err);
    }
  };

  return {
    async listWorkloads(env, namespace) {
      const { apps, core } = safeClients(env, "listWorkloads");
      const [deployments, pods] = await Promise.all([
        listAll(
          "listDeployments",
          deploymentSchema,
          (c) => apps.listNamespacedDeployment({ namespace, limit: PAGE, _continue: c }) as Promise<ListPage>,
        ),
        listAll(
          "listPods",
          podSchema,
          (c) => core.listNamespacedPod({ namespace, limit: PAGE, _continue: c }) as Promise<ListPage>,
        ),
      ]);
      return mapWorkloads(deployments, pods);
    },
    async listPods(env, namespace, application) {
      const { core } = safeClients(env, "listPods");
      const labelSelector = application ? `app.kubernetes.io/name=${application}` : undefined;
      const pods = await listAll(
        "listPods",
        podSchema,
        (c) => core.listNamespacedPod({ namespace, labelSelector, limit: PAGE, _continue: c }) as Promise<ListPage>,
      );
      return pods.map(mapPod);
    },
    async listWarningEvents(env, namespace) {
      const { core } = safeClients(env, "listEvents");
      const events = await listAll(
        "listEvents",
        eventSchema,
        (c) =>
          core.listNamespacedEvent({
            namespace,
            fieldSelector: "type=Warning",
            limit: PAGE,
            _continue: c,
          }) as Promise<ListPage>,
      );
      return events.map(mapEvent).sort((a, b) => (b.lastSeen ?? "").localeCompare(a.lastSeen ?? ""));
    },
  };
}
