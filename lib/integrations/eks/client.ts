// The real EKS adapter: @aws-sdk/client-eks (credentials from the SDK's default chain), with an
// endpoint override for moto in the sandbox. One client per region.
import {
  DescribeClusterCommand,
  DescribeNodegroupCommand,
  EKSClient,
  EKSServiceException,
  ListNodegroupsCommand,
} from "@aws-sdk/client-eks";
import type { z } from "zod";
import { IntegrationError } from "@/lib/http/errors";
import { timeUpstream } from "@/lib/metrics";
import type { EksApi } from "./api";
import { mapCluster } from "./mapping";
import { describeClusterSchema, describeNodegroupSchema, listNodegroupsSchema } from "./schemas";

const SYSTEM = "eks";

export interface EksClientConfig {
  /** AWS_ENDPOINT_URL_EKS (moto in the sandbox); unset → the regional AWS endpoint. */
  endpoint?: string;
  timeoutMs?: number;
}

export function createEksClient(cfg: EksClientConfig = {}): EksApi {
  const timeoutMs = cfg.timeoutMs ?? 5_000;
  const clients = new Map<string, EKSClient>();
  const clientFor = (region: string) => {
    let c = clients.get(region);
    if (!c) {
      // One attempt: the overview's cache retries on the next refresh; a retry here only adds latency.
      c = new EKSClient({ region, endpoint: cfg.endpoint, maxAttempts: 1 });
      clients.set(region, c);
    }
    return c;
  };

  async function send<S extends z.ZodType>(
    region: string,
    operation: string,
    // biome-ignore lint/suspicious/noExplicitAny: each SDK command has its own generic types
    command: any,
    schema: S,
  ): Promise<z.output<S>> {
    return timeUpstream(SYSTEM, operation, async () => {
      let out: unknown;
      try {
        out = await clientFor(region).send(command, { abortSignal: AbortSignal.timeout(timeoutMs) });
      } catch (err) {
        const e = err as Error & { $metadata?: { httpStatusCode?: number }; cause?: { code?: string }; code?: string };
        if (err instanceof EKSServiceException || e.$metadata?.httpStatusCode) {
          const status = e.$metadata?.httpStatusCode ?? null;
          throw new IntegrationError(SYSTEM, status, `${operation}: ${e.name}: ${e.message}`, { cause: err });
        }
        const timedOut = e.name === "AbortError" || e.name === "TimeoutError";
        throw new IntegrationError(
          SYSTEM,
          null,
          timedOut
            ? `${operation} timed out after ${timeoutMs} ms`
            : `${operation} failed: ${e.cause?.code ?? e.code ?? e.message}`,
          { cause: err },
        );
      }
      const parsed = schema.safeParse(out);
      if (!parsed.success) {
        const i = parsed.error.issues[0];
        throw new IntegrationError(
          SYSTEM,
          200,
          `${operation}: unexpected response (${i?.path.join(".")}: ${i?.message})`,
        );
      }
      return parsed.data;
    });
  }

  return {
    async describeCluster(name, region) {
      const listNames = async () => {
        const names: string[] = [];
        let nextToken: string | undefined;
        do {
          const page = await send(
            region,
            "listNodegroups",
            new ListNodegroupsCommand({ clusterName: name, nextToken }),
            listNodegroupsSchema,
          );
          names.push(...(page.nodegroups ?? []));
          nextToken = page.nextToken ?? undefined;
        } while (nextToken);
        return names;
      };
      // In parallel, but the cluster's own answer decides the error: for a missing cluster moto
      // answers DescribeCluster with a clean 404 and ListNodegroups with a 500 of non-JSON, and
      // whichever rejected first must not decide what the caller sees.
      const [cluster, nodegroups] = await Promise.allSettled([
        send(region, "describeCluster", new DescribeClusterCommand({ name }), describeClusterSchema),
        listNames().then((names) =>
          Promise.all(
            names.map((ng) =>
              send(
                region,
                "describeNodegroup",
                new DescribeNodegroupCommand({ clusterName: name, nodegroupName: ng }),
                describeNodegroupSchema,
              ).then((r) => r.nodegroup),
            ),
          ),
        ),
      ]);
      if (cluster.status === "rejected") {
        if (isClusterNotFound(cluster.reason)) return null;
        throw cluster.reason;
      }
      if (nodegroups.status === "rejected") throw nodegroups.reason;
      return mapCluster(cluster.value.cluster, region, nodegroups.value);
    },
  };
}

/** EKS' own "no such cluster" (HTTP 404, ResourceNotFoundException), not any 404 on the way to it. */
function isClusterNotFound(err: unknown): boolean {
  return (
    err instanceof IntegrationError &&
    err.status === 404 &&
    (err.cause as { name?: string } | undefined)?.name === "ResourceNotFoundException"
  );
}
