// The real Jenkins adapter: the remote-access API with HTTP Basic auth (user + API token). Jenkins
// exempts API-token requests from CSRF crumbs, but a server configured otherwise answers a POST
// with 403 "No valid crumb was included in the request": then the client fetches a crumb (and the
// session cookie it is bound to) from /crumbIssuer/api/json and repeats the POST once with both.
import type { z } from "zod";
import { IntegrationError } from "@/lib/http/errors";
import { timeUpstream } from "@/lib/metrics";
import { type FetchLike, fetchFailure } from "../http-json";
import type { JenkinsApi, WaitOptions } from "./api";
import {
  completeUtf8Length,
  describeJenkinsError,
  jobPath,
  mapBuild,
  mapQueueItem,
  mapStages,
  queueIdFromLocation,
} from "./mapping";
import { buildSchema, crumbSchema, queueItemSchema, runDescriptionSchema } from "./schemas";

const SYSTEM = "jenkins";
const DEFAULT_TIMEOUT_MS = 5_000;

export interface JenkinsClientConfig {
  baseUrl: string;
  user: string;
  token: string;
  fetch?: FetchLike;
  timeoutMs?: number;
}

/** The queue item was cancelled before it started a build. */
export class QueueItemCancelledError extends IntegrationError {
  override name = "QueueItemCancelledError";
  constructor(readonly queueId: number) {
    super(SYSTEM, null, `queue item ${queueId} was cancelled before a build started`);
  }
}

interface Call {
  operation: string;
  path: string;
  method?: "GET" | "POST";
  /** Statuses that are not errors (redirects of POSTs, 201 with Location). */
  accept?: number[];
}

export function createJenkinsClient(cfg: JenkinsClientConfig): JenkinsApi {
  const doFetch = cfg.fetch ?? fetch;
  const timeoutMs = cfg.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const base = cfg.baseUrl.replace(/\/$/, "");
  const authorization = `Basic ${Buffer.from(`${cfg.user}:${cfg.token}`).toString("base64")}`;
  let crumb: { header: string; value: string; cookie: string | null } | null = null;

  async function raw(c: Call, extraHeaders: Record<string, string> = {}): Promise<Response> {
    try {
      return await doFetch(`${base}${c.path}`, {
        method: c.method ?? "GET",
        redirect: "manual",
        headers: { authorization, ...extraHeaders },
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      throw fetchFailure(SYSTEM, c.operation, timeoutMs, err);
    }
  }

  async function fetchCrumb(): Promise<void> {
    const res = await raw({ operation: "crumbIssuer", path: "/crumbIssuer/api/json" });
    const body = await readText(res, "crumbIssuer");
    if (!res.ok) fail("crumbIssuer", res.status, body);
    const parsed = parse("crumbIssuer", res.status, body, crumbSchema);
    const cookie = res.headers.get("set-cookie")?.split(";")[0] ?? null;
    crumb = { header: parsed.crumbRequestField, value: parsed.crumb, cookie };
  }

  const crumbHeaders = (): Record<string, string> =>
    crumb ? { [crumb.header]: crumb.value, ...(crumb.cookie ? { cookie: crumb.cookie } : {}) } : {};

  /** One call, with the crumb retry for POSTs; returns the response and its body text. */
  async function send(c: Call): Promise<{ res: Response; body: string }> {
    return timeUpstream(SYSTEM, c.operation, async () => {
      let res = await raw(c, c.method === "POST" ? crumbHeaders() : {});
      let body = await readText(res, c.operation);
      if (c.method === "POST" && res.status === 403 && /No valid crumb/i.test(body)) {
        await fetchCrumb();
        res = await raw(c, crumbHeaders());
        body = await readText(res, c.operation);
      }
      if (!res.ok && !(c.accept ?? []).includes(res.status)) fail(c.operation, res.status, body);
      return { res, body };
    });
  }

  async function json<S extends z.ZodType>(c: Call, schema: S): Promise<z.output<S>> {
    const { res, body } = await send(c);
    return parse(c.operation, res.status, body, schema);
  }

  const build = (job: string, n: number) => `${jobPath(job)}/${n}`;

  const api: JenkinsApi = {
    async triggerBuild(job, params) {
      const query = new URLSearchParams(params).toString();
      const { res } = await send({
        operation: "triggerBuild",
        path: `${jobPath(job)}/buildWithParameters${query ? `?${query}` : ""}`,
        method: "POST",
        accept: [201, 302, 303],
      });
      const queueId = queueIdFromLocation(res.headers.get("location"));
      if (queueId === null) {
        throw new IntegrationError(SYSTEM, res.status, `triggerBuild ${job}: no queue item in the Location header`);
      }
      return { queueId };
    },

    async getQueueItem(queueId) {
      return mapQueueItem(
        await json({ operation: "getQueueItem", path: `/queue/item/${queueId}/api/json` }, queueItemSchema),
      );
    },

    async waitForBuild(queueId, options: WaitOptions = {}) {
      const deadline = Date.now() + (options.timeoutMs ?? 60_000);
      const pollMs = options.pollMs ?? 250;
      for (;;) {
        const state = await api.getQueueItem(queueId);
        if (state.state === "started") return state.buildNumber;
        if (state.state === "cancelled") throw new QueueItemCancelledError(queueId);
        if (Date.now() + pollMs > deadline) {
          throw new IntegrationError(
            SYSTEM,
            null,
            `queue item ${queueId} did not start a build in time${state.why ? ` (${state.why})` : ""}`,
          );
        }
        if (options.signal?.aborted) throw options.signal.reason;
        await new Promise((r) => setTimeout(r, pollMs));
      }
    },

    async cancelQueueItem(queueId) {
      await send({
        operation: "cancelQueueItem",
        path: `/queue/cancelItem?id=${queueId}`,
        method: "POST",
        accept: [302, 303],
      });
    },

    async getBuild(job, n) {
      return mapBuild(job, await json({ operation: "getBuild", path: `${build(job, n)}/api/json` }, buildSchema));
    },

    async getStages(job, n) {
      return mapStages(
        await json({ operation: "getStages", path: `${build(job, n)}/wfapi/describe` }, runDescriptionSchema),
      );
    },

    async getConsole(job, n, start) {
      const operation = "getConsole";
      const { res, bytes } = await timeUpstream(SYSTEM, operation, async () => {
        const r = await raw({ operation, path: `${build(job, n)}/logText/progressiveText?start=${start}` });
        const b = new Uint8Array(await r.arrayBuffer().catch(() => new ArrayBuffer(0)));
        if (!r.ok) fail(operation, r.status, Buffer.from(b).toString("utf8"));
        return { res: r, bytes: b };
      });
      const size = Number(res.headers.get("x-text-size"));
      const more = res.headers.get("x-more-data") === "true";
      // Jenkins answers from `start` (or from 0 when start is past the end): the chunk's own offset.
      const chunkStart = Number.isFinite(size) ? size - bytes.length : start;
      const keep = more ? completeUtf8Length(bytes) : bytes.length;
      return {
        text: new TextDecoder().decode(bytes.subarray(0, keep)),
        nextStart: chunkStart + keep,
        more,
      };
    },

    async getArtifact(job, n, relativePath) {
      const path = relativePath.split("/").map(encodeURIComponent).join("/");
      const { body } = await send({ operation: "getArtifact", path: `${build(job, n)}/artifact/${path}` });
      return body;
    },

    async stopBuild(job, n) {
      await send({ operation: "stopBuild", path: `${build(job, n)}/stop`, method: "POST", accept: [302, 303] });
    },
  };
  return api;
}

async function readText(res: Response, operation: string): Promise<string> {
  try {
    return await res.text();
  } catch (err) {
    throw new IntegrationError(SYSTEM, res.status, `${operation}: the response body was cut off`, { cause: err });
  }
}

function fail(operation: string, status: number, body: string): never {
  throw new IntegrationError(SYSTEM, status, `${operation}: HTTP ${status}: ${describeJenkinsError(status, body)}`);
}

function parse<S extends z.ZodType>(operation: string, status: number, body: string, schema: S): z.output<S> {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new IntegrationError(SYSTEM, status, `${operation}: the answer is not JSON`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new IntegrationError(
      SYSTEM,
      status,
      `${operation}: unexpected response (${issue?.path.join(".") || "body"}: ${issue?.message})`,
    );
  }
  return parsed.data;
}
