// Jenkins remote-access API emulator: crumb issuer, buildWithParameters → queue → build,
// build JSON with ?tree=, progressive console text, artifacts, stop, and the pipeline stage
// view (wfapi/describe). Basic auth with an API token, as the portal uses it.
import { existsSync, readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { join, normalize } from "node:path";
import type { EmulatorSpec } from "../faults/managed-server";
import { readBody, sendJson, sendText } from "../lib/http";
import type { Build, BuildRunner, QueueItem } from "./builds";
import { pythonLiteral, xmlDocument } from "./flavors";
import type { JobDefinition } from "./jobs";
import { applyTree, parseTree } from "./tree";

export const JENKINS_VERSION = "2.528.1";

export interface JenkinsOptions {
  runner: BuildRunner;
  user: string;
  token: string;
  publicUrl: () => string;
  crumb: string;
  /**
   * Refuse POSTs without the crumb and its session cookie, as Jenkins does for callers that are not
   * exempt (password auth, legacy tokens). API-token callers are exempt by default (false).
   */
  requireCrumb?: boolean;
}

const H = { "x-jenkins": JENKINS_VERSION, "x-content-type-options": "nosniff" };

const FLAVOR = /\/api\/(json|python|xml)\/?$/;

/** Answers a bean in the flavor the request's path asks for (…/api/json, …/api/python, …/api/xml). */
function sendApi(res: ServerResponse, url: URL, body: unknown, status = 200) {
  const tree = url.searchParams.get("tree");
  const bean = tree ? applyTree(body, parseTree(tree)) : body;
  const flavor = FLAVOR.exec(url.pathname)?.[1] ?? "json";
  if (flavor === "python") return sendText(res, status, pythonLiteral(bean), H, "text/x-python;charset=UTF-8");
  if (flavor === "xml") return sendText(res, status, xmlDocument(bean), H, "application/xml;charset=utf-8");
  sendJson(res, status, bean, H);
}

function html(res: ServerResponse, status: number, title: string, extra: Record<string, string> = {}) {
  sendText(
    res,
    status,
    `<html><head><title>Error ${status} ${title}</title></head><body><h2>HTTP ERROR ${status} ${title}</h2></body></html>`,
    { ...H, ...extra },
    "text/html;charset=utf-8",
  );
}

function page(res: ServerResponse, title: string) {
  sendText(
    res,
    200,
    `<html><head><title>${title} [Jenkins]</title></head><body><h1>${title}</h1></body></html>`,
    H,
    "text/html;charset=utf-8",
  );
}

export function jenkinsSpec(o: JenkinsOptions): EmulatorSpec {
  const { runner } = o;
  const base = () => `${o.publicUrl()}/`;
  const jobUrl = (name: string) =>
    `${base()}${name
      .split("/")
      .map((s) => `job/${encodeURIComponent(s)}/`)
      .join("")}`;
  const buildUrl = (b: Build) => `${jobUrl(b.job)}${b.number}/`;

  const auth = (req: IncomingMessage, res: ServerResponse): string | undefined => {
    const h = req.headers.authorization;
    if (!h) {
      html(res, 403, "Forbidden", {
        "x-you-are-authenticated-as": "anonymous",
        "x-required-permission": "hudson.model.Hudson.Read",
      });
      return undefined;
    }
    const m = /^Basic\s+(.+)$/i.exec(h);
    const [user, token] = m ? Buffer.from(m[1]!, "base64").toString("utf8").split(/:(.*)/s) : [];
    if (user !== o.user || token !== o.token) {
      html(res, 401, `Invalid password/token for user: ${user ?? ""}`, { "www-authenticate": 'Basic realm="Jenkins"' });
      return undefined;
    }
    return user;
  };

  const buildJson = (b: Build) => {
    const job = runner.jobs.get(b.job)!;
    const building = b.result === null;
    const previous = runner
      .buildsOf(b.job)
      .filter((x) => x.number < b.number && x.result !== null)
      .at(-1);
    const next = runner.buildsOf(b.job).find((x) => x.number > b.number);
    return {
      _class: "org.jenkinsci.plugins.workflow.job.WorkflowRun",
      actions: [
        {
          _class: "hudson.model.ParametersAction",
          parameters: job.parameters.map((p) => ({
            _class: p.type === "boolean" ? "hudson.model.BooleanParameterValue" : "hudson.model.StringParameterValue",
            name: p.name,
            value: p.type === "boolean" ? b.params[p.name] === "true" : b.params[p.name],
          })),
        },
        {
          _class: "hudson.model.CauseAction",
          causes: [
            {
              _class: "hudson.model.Cause$UserIdCause",
              shortDescription: `Started by user ${b.cause.userName}`,
              userId: b.cause.userId,
              userName: b.cause.userName,
            },
          ],
        },
        {},
        { _class: "org.jenkinsci.plugins.workflow.job.views.FlowGraphAction" },
        {},
      ],
      artifacts: building ? [] : runner.artifacts(b),
      building,
      description: null,
      displayName: `#${b.number}`,
      duration: building ? 0 : b.duration,
      estimatedDuration: previous ? previous.duration : -1,
      executor: building ? {} : null,
      fullDisplayName: `${b.job.split("/").join(" » ")} #${b.number}`,
      id: String(b.number),
      keepLog: false,
      number: b.number,
      queueId: b.queueId,
      result: b.result,
      timestamp: b.timestamp,
      url: buildUrl(b),
      changeSets: [],
      culprits: [],
      inProgress: building,
      nextBuild: next ? { number: next.number, url: buildUrl(next) } : null,
      previousBuild: previous ? { number: previous.number, url: buildUrl(previous) } : null,
    };
  };

  const queueJson = (item: QueueItem) => {
    const job = runner.jobs.get(item.job)!;
    const left = !!item.build || item.cancelled;
    const cls = left
      ? "hudson.model.Queue$LeftItem"
      : item.why?.startsWith("In the quiet")
        ? "hudson.model.Queue$WaitingItem"
        : item.blocked
          ? "hudson.model.Queue$BlockedItem"
          : "hudson.model.Queue$BuildableItem";
    const body: Record<string, unknown> = {
      _class: cls,
      actions: [
        {
          _class: "hudson.model.ParametersAction",
          parameters: Object.entries(item.params).map(([name, value]) => ({
            _class: "hudson.model.StringParameterValue",
            name,
            value,
          })),
        },
        {
          _class: "hudson.model.CauseAction",
          causes: [
            {
              _class: "hudson.model.Cause$UserIdCause",
              shortDescription: `Started by user ${item.cause.userName}`,
              userId: item.cause.userId,
              userName: item.cause.userName,
            },
          ],
        },
      ],
      blocked: !left && cls === "hudson.model.Queue$BlockedItem",
      buildable: !left && cls === "hudson.model.Queue$BuildableItem",
      id: item.id,
      inQueueSince: item.inQueueSince,
      params: Object.entries(item.params)
        .map(([k, v]) => `\n${k}=${v}`)
        .join(""),
      stuck: false,
      task: {
        _class: "org.jenkinsci.plugins.workflow.job.WorkflowJob",
        name: job.name.split("/").at(-1),
        url: jobUrl(job.name),
        color: "blue",
      },
      url: `queue/item/${item.id}/`,
      why: item.why,
    };
    if (left) {
      body.cancelled = item.cancelled;
      body.executable = item.build
        ? {
            _class: "org.jenkinsci.plugins.workflow.job.WorkflowRun",
            number: item.build.number,
            url: buildUrl(item.build),
          }
        : null;
    } else if (cls === "hudson.model.Queue$WaitingItem") {
      body.timestamp = item.inQueueSince;
    }
    return body;
  };

  const color = (job: JobDefinition) => {
    const list = runner.buildsOf(job.name);
    const last = list.at(-1);
    const done = list.filter((b) => b.result !== null).at(-1);
    const c = !done
      ? "notbuilt"
      : done.result === "SUCCESS"
        ? "blue"
        : done.result === "ABORTED"
          ? "aborted"
          : done.result === "UNSTABLE"
            ? "yellow"
            : "red";
    return last && last.result === null ? `${c}_anime` : c;
  };

  /** With `?tree=` Jenkins can reach into every exported field of the builds; without, refs only. */
  const jobJson = (job: JobDefinition, deep: boolean) => {
    const list = runner.buildsOf(job.name);
    const ref = (b: Build | undefined) =>
      b
        ? deep
          ? buildJson(b)
          : { _class: "org.jenkinsci.plugins.workflow.job.WorkflowRun", number: b.number, url: buildUrl(b) }
        : null;
    const done = list.filter((b) => b.result !== null);
    return {
      _class: "org.jenkinsci.plugins.workflow.job.WorkflowJob",
      actions: [],
      description: job.description,
      displayName: job.name.split("/").at(-1),
      fullName: job.name,
      name: job.name.split("/").at(-1),
      url: jobUrl(job.name),
      buildable: true,
      builds: [...list].reverse().map(ref),
      color: color(job),
      firstBuild: ref(list[0]),
      inQueue: [...runner.queue.values()].some((i) => i.job === job.name && !i.build && !i.cancelled),
      lastBuild: ref(list.at(-1)),
      lastCompletedBuild: ref(done.at(-1)),
      lastFailedBuild: ref(done.filter((b) => b.result === "FAILURE").at(-1)),
      lastSuccessfulBuild: ref(done.filter((b) => b.result === "SUCCESS").at(-1)),
      lastStableBuild: ref(done.filter((b) => b.result === "SUCCESS").at(-1)),
      lastUnstableBuild: ref(done.filter((b) => b.result === "UNSTABLE").at(-1)),
      lastUnsuccessfulBuild: ref(done.filter((b) => b.result !== "SUCCESS").at(-1)),
      nextBuildNumber: runner.nextBuildNumber(job.name),
      queueItem: (() => {
        const waiting = [...runner.queue.values()].find((i) => i.job === job.name && !i.build && !i.cancelled);
        return waiting ? queueJson(waiting) : null;
      })(),
      property: [
        {
          _class: "hudson.model.ParametersDefinitionProperty",
          parameterDefinitions: job.parameters.map((p) => ({
            _class:
              p.type === "choice"
                ? "hudson.model.ChoiceParameterDefinition"
                : p.type === "boolean"
                  ? "hudson.model.BooleanParameterDefinition"
                  : "hudson.model.StringParameterDefinition",
            defaultParameterValue: {
              _class: p.type === "boolean" ? "hudson.model.BooleanParameterValue" : "hudson.model.StringParameterValue",
              name: p.name,
              value: p.type === "boolean" ? p.default === "true" : p.default,
            },
            description: p.description ?? "",
            name: p.name,
            type:
              p.type === "choice"
                ? "ChoiceParameterDefinition"
                : p.type === "boolean"
                  ? "BooleanParameterDefinition"
                  : "StringParameterDefinition",
            ...(p.choices ? { choices: p.choices } : {}),
          })),
        },
      ],
      concurrentBuild: job.concurrent,
    };
  };

  const trigger = async (
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    job: JobDefinition,
    user: string,
    withParams: boolean,
  ) => {
    if (req.method !== "POST") return html(res, 405, "Method Not Allowed", { allow: "POST" });
    if (withParams && job.parameters.length === 0) return html(res, 400, `${job.name} is not parameterized`);
    const given = new URLSearchParams(url.search);
    const body = (await readBody(req)).toString("utf8");
    if (body && String(req.headers["content-type"] ?? "").includes("application/x-www-form-urlencoded")) {
      for (const [k, v] of new URLSearchParams(body)) given.set(k, v);
    }
    const params: Record<string, string> = {};
    for (const p of job.parameters) {
      const v = given.get(p.name) ?? p.default;
      if (p.choices && !p.choices.includes(v)) return html(res, 400, `Illegal choice for parameter ${p.name}: ${v}`);
      params[p.name] = p.type === "boolean" ? String(v === "true" || v === "on") : v;
    }
    // ?delay=10sec (or a number of seconds) replaces the quiet period, as in Jenkins.
    const delay = /^(\d+)(?:sec)?$/.exec(given.get("delay") ?? "");
    const { item, existing } = runner.enqueue(
      job,
      params,
      { userId: user, userName: user },
      delay ? Number(delay[1]) * 1000 : undefined,
    );
    const location = `${base()}queue/item/${item.id}/`;
    res.writeHead(existing ? 303 : 201, { ...H, location, "content-length": 0 });
    res.end();
  };

  const raw = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    // Every flavor of the remote API routes like /api/json; sendApi answers in the one asked for.
    const path = url.pathname.replace(FLAVOR, "/api/json");
    const user = auth(req, res);
    if (!user) return;

    if (path === "/crumbIssuer/api/json") {
      res.setHeader("set-cookie", `JSESSIONID.sandbox=${o.crumb.slice(0, 16)}; Path=/; HttpOnly`);
      return sendApi(res, url, {
        _class: "hudson.security.csrf.DefaultCrumbIssuer",
        crumb: o.crumb,
        crumbRequestField: "Jenkins-Crumb",
      });
    }
    if (o.requireCrumb && req.method === "POST") {
      const cookie = String(req.headers.cookie ?? "");
      if (req.headers["jenkins-crumb"] !== o.crumb || !cookie.includes(`JSESSIONID.sandbox=${o.crumb.slice(0, 16)}`)) {
        return html(res, 403, "No valid crumb was included in the request");
      }
    }
    if (path === "/me/api/json") {
      return sendApi(res, url, {
        _class: "hudson.model.User",
        absoluteUrl: `${base()}user/${encodeURIComponent(user)}`,
        description: null,
        fullName: user,
        id: user,
        property: [],
      });
    }
    if (path === "/api/json" || path === "/") {
      return sendApi(res, url, {
        _class: "hudson.model.Hudson",
        mode: "NORMAL",
        nodeDescription: "the sandbox Jenkins",
        useCrumbs: true,
        jobs: [...runner.jobs.values()].map((j) => ({
          _class: "org.jenkinsci.plugins.workflow.job.WorkflowJob",
          name: j.name,
          url: jobUrl(j.name),
          color: color(j),
        })),
      });
    }
    let m = /^\/queue\/item\/(\d+)\/api\/json\/?$/.exec(path);
    if (m) {
      const item = runner.getItem(Number(m[1]));
      if (!item) return html(res, 404, "Not Found");
      return sendApi(res, url, queueJson(item));
    }
    if (path === "/queue/cancelItem" || path === "/queue/cancelItem/") {
      if (req.method !== "POST") return html(res, 405, "Method Not Allowed");
      const id = Number(url.searchParams.get("id"));
      if (!runner.getItem(id)) return html(res, 404, "Not Found");
      runner.cancel(id);
      res.writeHead(302, { ...H, location: `${base()}queue/`, "content-length": 0 });
      return res.end();
    }
    if (path === "/queue/api/json") {
      return sendApi(res, url, {
        _class: "hudson.model.Queue",
        discoverableItems: [],
        items: [...runner.queue.values()].filter((i) => !i.build && !i.cancelled).map(queueJson),
      });
    }

    // /job/a/job/b/<rest>
    m = /^((?:\/job\/[^/]+)+)(\/.*)?$/.exec(path);
    if (!m) return html(res, 404, "Not Found");
    const name = m[1]!
      .split("/job/")
      .filter(Boolean)
      .map((s) => decodeURIComponent(s))
      .join("/");
    const rest = (m[2] ?? "/").replace(/\/+$/, "") || "/";
    const job = runner.jobs.get(name);
    if (!job) return html(res, 404, "Not Found");

    if (rest === "/" || rest === "/api/json")
      return rest === "/" ? html(res, 200, job.name) : sendApi(res, url, jobJson(job, url.searchParams.has("tree")));
    if (rest === "/buildWithParameters") return trigger(req, res, url, job, user, true);
    if (rest === "/build") return trigger(req, res, url, job, user, false);

    const b =
      /^\/(\d+|lastBuild|lastSuccessfulBuild|lastStableBuild|lastCompletedBuild|lastFailedBuild|lastUnstableBuild|lastUnsuccessfulBuild)(\/.*)?$/.exec(
        rest,
      );
    if (!b) return html(res, 404, "Not Found");
    const list = runner.buildsOf(job.name);
    const completed = list.filter((x) => x.result !== null);
    const permalinks: Record<string, Build | undefined> = {
      lastBuild: list.at(-1),
      lastSuccessfulBuild: completed.filter((x) => x.result === "SUCCESS" || x.result === "UNSTABLE").at(-1),
      lastStableBuild: completed.filter((x) => x.result === "SUCCESS").at(-1),
      lastCompletedBuild: completed.at(-1),
      lastFailedBuild: completed.filter((x) => x.result === "FAILURE").at(-1),
      lastUnstableBuild: completed.filter((x) => x.result === "UNSTABLE").at(-1),
      lastUnsuccessfulBuild: completed.filter((x) => x.result !== "SUCCESS").at(-1),
    };
    const build = /^\d+$/.test(b[1]!) ? runner.findBuild(job.name, Number(b[1])) : permalinks[b[1]!];
    if (!build) return html(res, 404, "Not Found");
    const sub = (b[2] ?? "/").replace(/\/+$/, "") || "/";

    // The build's own page: where POST …/stop redirects to.
    if (sub === "/") return page(res, `${job.name} #${build.number}`);

    if (sub === "/api/json") return sendApi(res, url, buildJson(build));
    if (sub === "/consoleText") return sendText(res, 200, runner.readLog(build).toString("utf8"), H);
    if (sub === "/logText/progressiveText") {
      const log = runner.readLog(build);
      let start = Number(url.searchParams.get("start") ?? 0);
      if (!Number.isFinite(start) || start < 0 || start > log.length) start = 0;
      const chunk = log.subarray(start);
      const headers: Record<string, string> = { ...H, "x-text-size": String(log.length) };
      if (build.result === null) headers["x-more-data"] = "true";
      res.writeHead(200, { "content-type": "text/plain;charset=utf-8", "content-length": chunk.length, ...headers });
      return res.end(chunk);
    }
    if (sub === "/stop") {
      if (req.method !== "POST") return html(res, 405, "Method Not Allowed");
      runner.abort(build, user);
      res.writeHead(302, { ...H, location: buildUrl(build), "content-length": 0 });
      return res.end();
    }
    if (sub === "/wfapi/describe") {
      const now = Date.now();
      const status = build.result === null ? "IN_PROGRESS" : build.result === "FAILURE" ? "FAILED" : build.result;
      return sendJson(
        res,
        200,
        {
          _links: { self: { href: `${new URL(buildUrl(build)).pathname}wfapi/describe` } },
          id: String(build.number),
          name: `#${build.number}`,
          status,
          startTimeMillis: build.timestamp,
          endTimeMillis: build.result === null ? 0 : build.timestamp + build.duration,
          durationMillis: build.result === null ? now - build.timestamp : build.duration,
          queueDurationMillis: 0,
          pauseDurationMillis: 0,
          stages: build.stages
            .filter((s) => s.reached)
            .map((s) => ({
              _links: { self: { href: `${new URL(buildUrl(build)).pathname}execution/node/${s.id}/wfapi/describe` } },
              id: s.id,
              name: s.name,
              execNode: "",
              status: s.status,
              startTimeMillis: s.startTimeMillis,
              durationMillis: s.status === "IN_PROGRESS" ? now - s.startTimeMillis : s.durationMillis,
              pauseDurationMillis: 0,
              ...(s.error ? { error: s.error } : {}),
            })),
        },
        H,
      );
    }
    const art = /^\/artifact\/(.+)$/.exec(sub);
    if (art) {
      const root = runner.archiveDir(build);
      const file = normalize(join(root, decodeURIComponent(art[1]!)));
      if (!file.startsWith(`${root}/`) || !existsSync(file)) return html(res, 404, "Not Found");
      const data = readFileSync(file);
      res.writeHead(200, { ...H, "content-type": "application/octet-stream", "content-length": data.length });
      return res.end(data);
    }
    return html(res, 404, "Not Found");
  };

  return {
    name: "jenkins",
    raw: async (req, res) => {
      await raw(req, res);
    },
    injectedError: (_req, res) => html(res, 503, "Service Unavailable"),
  };
}
