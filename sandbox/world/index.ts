// startWorld(): the whole sandbox in one call — GitOps repo, controller, emulators, fault proxies,
// moto and Prometheus — on fixed or ephemeral ports. `sandbox/main.ts` and the tests both use it.
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { stringify } from "yaml";
import { ApplicationSets } from "../argocd/applicationsets";
import { policyOf, type RenderContext } from "../argocd/render";
import { argocdSpec, issueProjectToken } from "../argocd/server";
import { startMoto } from "../aws/moto";
import { SANDBOX_AWS, seedEks } from "../aws/seed-eks";
import { controlSpec } from "../faults/control-server";
import type { FaultPatch } from "../faults/faults";
import { type EmulatorSpec, ManagedServer } from "../faults/managed-server";
import { proxySpec } from "../faults/proxy";
import { seedGitopsRepo } from "../gitops/seed";
import { loadDashboards } from "../grafana/dashboards";
import { grafanaSpec } from "../grafana/server";
import { agentCheckout, agentToolchain } from "../jenkins/agent-toolchain";
import { BuildRunner } from "../jenkins/builds";
import { type JobDefinition, loadJobs } from "../jenkins/jobs";
import { jenkinsSpec } from "../jenkins/server";
import { type ClusterInfo, kubernetesSpec } from "../kubernetes/server";
import type { Service } from "../lib/child";
import { sendJson } from "../lib/http";
import { exporterSpec, WorkloadExporter } from "../metrics/exporter";
import { startPrometheus } from "../prometheus/prometheus";
import { SlackStore, slackSpec } from "../slack/server";
import { instances, worldCatalog, writeCatalog } from "./catalog";
import { type ControllerTiming, defaultTiming, WorldController } from "./controller";
import { DEFAULT_PORTS, freePort, type Ports } from "./ports";

export type ServiceName = "moto" | "prometheus" | "jenkins";

export interface WorldOptions {
  /** State directory; default: a fresh temp dir removed by stop(). */
  dataDir?: string;
  /** Ports; default 0 everywhere (ephemeral). Pass DEFAULT_PORTS for the demo layout. */
  ports?: Partial<Ports>;
  /** Repository root holding helm/, infra/, scripts/ (default: cwd). */
  sourceRoot?: string;
  catalogPath?: string;
  /** Synthetic applications added to the catalog (benchmarks): svc-01…svc-NN. */
  extraApps?: number;
  timing?: Partial<ControllerTiming>;
  /** Services started as separate processes; default all. Tests of one emulator may skip some. */
  services?: ServiceName[];
  /** Jenkins jobs file (default infra/jenkins/jobs.yaml under sourceRoot). */
  jenkinsJobsFile?: string;
  jenkinsQuietPeriodMs?: number;
  /** Environments whose EKS cluster comes from a sandbox `tofu apply`, so moto is not seeded with one. */
  tofuEnvironments?: string[];
  /** Make the Jenkins emulator demand a CSRF crumb on POSTs (tests of the client's crumb path). */
  jenkinsRequireCrumb?: boolean;
  /** host:port Prometheus scrapes for the portal's /api/metrics. */
  portalMetricsTarget?: string;
  prometheusScrapeSeconds?: number;
  /** SSE keepalive period of the Argo CD application stream (15 s like Argo CD). */
  argocdKeepaliveMs?: number;
  /** The portal's URL as Jenkins jobs see it (PORTAL_URL, DEV_URL). */
  portalUrl?: string;
  /** A portal API token for the app pipeline's promotion request (PORTAL_TOKEN), if the portal issued one. */
  portalCiToken?: string;
  log?: (msg: string) => void;
}

export interface WorldControl {
  controller: WorldController;
  slack: SlackStore;
  servers: Map<string, ManagedServer>;
  urls: Record<string, string>;
  setFault(target: string, patch: FaultPatch): Promise<void>;
  clearFaults(): Promise<void>;
  /** Jenkins job definitions could not be loaded (missing jobs.yaml): the reason. */
  jenkinsError?: string;
  dataDir: string;
  timings: Record<string, number>;
  /** Process ids of the world's child services (moto, Prometheus), for leak checks. */
  childPids(): number[];
}

export interface World {
  env: Record<string, string>;
  control: WorldControl;
  stop(): Promise<void>;
}

const ALL_SERVICES: ServiceName[] = ["moto", "prometheus", "jenkins"];

export async function startWorld(opts: WorldOptions = {}): Promise<World> {
  const t0 = Date.now();
  const timings: Record<string, number> = {};
  const mark = (k: string) => {
    timings[k] = Date.now() - t0;
  };
  const log = opts.log ?? (() => {});
  const sourceRoot = resolve(opts.sourceRoot ?? process.cwd());
  const tempDir = opts.dataDir ? undefined : mkdtempSync(join(tmpdir(), "nura-sandbox-"));
  const dataDir = resolve(opts.dataDir ?? tempDir!);
  mkdirSync(join(dataDir, "logs"), { recursive: true });
  const ports: Ports = { ...Object.fromEntries(Object.keys(DEFAULT_PORTS).map((k) => [k, 0])), ...opts.ports } as Ports;
  const services = new Set(opts.services ?? ALL_SERVICES);
  const children: Service[] = [];
  const servers = new Map<string, ManagedServer>();
  let controller: WorldController | undefined;
  let runner: BuildRunner | undefined;
  let controlServer: ManagedServer | undefined;

  const stop = async () => {
    controller?.stop();
    await runner?.shutdown();
    await controlServer?.close();
    await Promise.all([...servers.values()].map((s) => s.close()));
    await Promise.all(children.map((c) => c.stop()));
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  };

  try {
    // 1. Catalog and GitOps repository
    const catalogPath = resolve(sourceRoot, opts.catalogPath ?? "config/catalog.yaml");
    const catalog = worldCatalog(catalogPath, opts.extraApps ?? 0);
    const effectiveCatalog = opts.extraApps ? join(dataDir, "catalog.yaml") : catalogPath;
    if (opts.extraApps) writeCatalog(effectiveCatalog, catalog);
    const repo = join(dataDir, "gitops.git");
    const seeded = await seedGitopsRepo(repo, catalog, sourceRoot);
    log(seeded ? `seeded GitOps repository ${repo}` : `reusing GitOps repository ${repo}`);
    mark("gitops");

    // 2. Secrets of this world (fresh per start; portal.env carries them to the portal)
    const secret = randomBytes(24).toString("hex");
    const tokens = {
      // Project role tokens, as in production (infra/argocd/projects/nura-system.yaml roles).
      argocd: issueProjectToken(secret, "nura-system", "portal"),
      argocdJenkins: issueProjectToken(secret, "nura-system", "jenkins"),
      jenkins: `11${randomBytes(16).toString("hex")}`,
      grafana: `glsa_${randomBytes(16).toString("base64url")}_${randomBytes(4).toString("hex")}`,
      slackBot: `xoxb-000000000000-000000000000-${randomBytes(12).toString("base64url")}`,
      slackWebhook: `/services/T0SANDBOX/B0SANDBOX/${randomBytes(12).toString("hex")}`,
      // The portal serves /api/metrics only to this bearer; the sandbox Prometheus sends it.
      portalMetrics: randomBytes(24).toString("base64url"),
    };

    // 3. Children: moto and Prometheus start while the Node emulators come up.
    const timing = { ...defaultTiming, ...opts.timing };
    // Applications as infra/argocd/applicationsets generates them; the sandbox's repository replaces
    // their production repoURL. nura-system is the project of an app no ApplicationSet declares.
    const render: RenderContext = {
      repoURL: `file://${repo}`,
      argocdNamespace: "argocd",
      project: "nura-system",
      appsets: ApplicationSets.load(sourceRoot),
    };
    // A copy: the control API may slow it down (PUT /timing) and restore `timing` afterwards.
    controller = new WorldController(repo, instances(catalog), { ...timing }, (c) => policyOf(c, render));
    await controller.init();
    mark("controller");
    const listen = async (spec: EmulatorSpec, port: number) => {
      const s = new ManagedServer(spec);
      servers.set(spec.name, s);
      await s.listen(port);
      return s;
    };
    const motoUp = services.has("moto") ? ports.motoUpstream || (await freePort()) : 0;
    let promUp = services.has("prometheus") ? ports.prometheusUpstream || (await freePort()) : 0;

    const exporter = new WorkloadExporter(controller);
    const exporterServer = await listen(exporterSpec(exporter), ports.exporter);

    const motoStart = services.has("moto")
      ? startMoto(motoUp, join(dataDir, "logs", "moto.log"), sourceRoot)
          .then((svc) => {
            children.push(svc);
            mark("moto");
            // Seed EKS straight to moto while the rest of the world comes up.
            return seedEks(`http://127.0.0.1:${motoUp}`, catalog, opts.tofuEnvironments);
          })
          .then(() => mark("eks-seed"))
      : Promise.resolve();
    // freePort() releases the port before Prometheus binds it, so another world starting at the same
    // moment (the integration suite runs files in parallel) can take it in between: with an ephemeral
    // port, a bind conflict picks another port (bounded); any other failure is reported as it is.
    const startPrometheusOnFreePort = async (attempt = 1): Promise<Awaited<ReturnType<typeof startPrometheus>>> => {
      try {
        return await startPrometheus({
          port: promUp,
          dataDir,
          exporterTarget: `127.0.0.1:${exporterServer.port}`,
          portalTarget: opts.portalMetricsTarget ?? "127.0.0.1:3000",
          portalMetricsToken: tokens.portalMetrics,
          scrapeSeconds: opts.prometheusScrapeSeconds,
          sourceRoot,
          log,
        });
      } catch (err) {
        const conflict = /address already in use/i.test((err as Error).message);
        if (!conflict || ports.prometheusUpstream || attempt >= 3) throw err;
        log(`[sandbox] prometheus: port ${promUp} was taken before it bound; trying another`);
        promUp = await freePort();
        return startPrometheusOnFreePort(attempt + 1);
      }
    };
    const promStart = services.has("prometheus")
      ? startPrometheusOnFreePort().then((svc) => {
          children.push(svc);
          mark("prometheus");
        })
      : Promise.resolve();
    // Register the children as soon as they exist so a failed start still stops them.
    const childStarts = Promise.allSettled([motoStart, promStart]);

    // 4. Emulators
    const control = await listen(
      controlSpec(() => servers, {
        refresh: () => controller!.refresh(),
        timing: (patch) => {
          const t = controller!.timing;
          Object.assign(t, patch ?? { syncDelayMs: timing.syncDelayMs, operationPickupMs: timing.operationPickupMs });
          return { syncDelayMs: t.syncDelayMs, operationPickupMs: t.operationPickupMs };
        },
      }),
      ports.control,
    );
    servers.delete("control"); // the control API is not a fault target
    controlServer = control;
    const motoProxy = services.has("moto")
      ? await listen(
          {
            ...proxySpec("moto", () => ({ host: "127.0.0.1", port: motoUp })),
            injectedError: (_q, res) =>
              sendJson(
                res,
                503,
                { message: "Service unavailable (sandbox fault injection)" },
                { "x-amzn-errortype": "ServiceUnavailableException" },
              ),
          },
          ports.moto,
        )
      : undefined;
    const promProxy = services.has("prometheus")
      ? await listen(
          {
            ...proxySpec("prometheus", () => ({ host: "127.0.0.1", port: promUp })),
            injectedError: (_q, res) =>
              sendJson(res, 503, { status: "error", errorType: "unavailable", error: "sandbox fault injection" }),
          },
          ports.prometheus,
        )
      : undefined;

    const argocd = await listen(
      argocdSpec({
        world: controller,
        render,
        jwtSecret: secret,
        admin: { username: "admin", password: "sandbox" },
        keepaliveMs: opts.argocdKeepaliveMs,
      }),
      ports.argocd,
    );
    const clusters: ClusterInfo[] = catalog.environments.map((e) => ({
      env: e.name,
      namespace: e.namespace,
      token: `sandbox-${e.name}-${randomBytes(12).toString("hex")}`,
    }));
    const kube = await listen(kubernetesSpec({ world: controller, clusters }), ports.kubernetes);
    const grafana = await listen(
      grafanaSpec({
        token: tokens.grafana,
        datasourceUid: "prometheus",
        prometheusUrl: () => promProxy?.url ?? "http://127.0.0.1:9",
        dashboards: loadDashboards(sourceRoot, catalog),
      }),
      ports.grafana,
    );
    const slackStore = new SlackStore(join(dataDir, "slack-messages.jsonl"));
    const slackUrl = { v: "" };
    const slack = await listen(
      slackSpec(
        {
          botToken: tokens.slackBot,
          webhookPath: tokens.slackWebhook,
          webhookChannel: "#nura-releases",
          publicUrl: () => slackUrl.v,
          storeFile: join(dataDir, "slack-messages.jsonl"),
        },
        slackStore,
      ),
      ports.slack,
    );
    slackUrl.v = slack.url;

    const awsEnv: Record<string, string> = motoProxy
      ? {
          AWS_ENDPOINT_URL: motoProxy.url,
          AWS_ENDPOINT_URL_EKS: motoProxy.url,
          AWS_ACCESS_KEY_ID: SANDBOX_AWS.accessKeyId,
          AWS_SECRET_ACCESS_KEY: SANDBOX_AWS.secretAccessKey,
          AWS_REGION: catalog.environments[0]?.awsRegion ?? "eu-west-1",
          AWS_DEFAULT_REGION: catalog.environments[0]?.awsRegion ?? "eu-west-1",
        }
      : {};

    let jenkinsError: string | undefined;
    let jenkins: ManagedServer | undefined;
    if (services.has("jenkins")) {
      const jobsFile = resolve(
        sourceRoot,
        opts.jenkinsJobsFile ?? process.env.SANDBOX_JENKINS_JOBS ?? "infra/jenkins/jobs.yaml",
      );
      let jobs = new Map<string, JobDefinition>();
      try {
        jobs = new Map(loadJobs(jobsFile).map((j) => [j.name, j]));
      } catch (err) {
        // Jenkins still answers (no jobs) so the rest of the world works; the reason is reported.
        jenkinsError = (err as Error).message;
        log(`jenkins: ${jenkinsError}`);
      }
      const jenkinsUrl = { v: "" };
      const toolchain = agentToolchain(sourceRoot, join(dataDir, "jenkins", "agent"));
      runner = new BuildRunner(jobs, {
        dataDir: join(dataDir, "jenkins"),
        cwd: agentCheckout(sourceRoot, join(dataDir, "jenkins", "agent")),
        quietPeriodMs: opts.jenkinsQuietPeriodMs ?? 500,
        // What a Jenkins agent in the sandbox sees: every endpoint and credential points into the
        // world (infra/jenkins/jobs.yaml lists which ones its scripts read).
        env: () => ({
          ...awsEnv,
          GITOPS_REPO_URL: repo,
          JENKINS_URL: `${jenkinsUrl.v}/`,
          JENKINS_USER: "portal",
          JENKINS_TOKEN: tokens.jenkins,
          ARGOCD_URL: argocd.url,
          ARGOCD_TOKEN: tokens.argocdJenkins,
          PORTAL_URL: opts.portalUrl ?? "http://localhost:3000",
          DEV_URL: opts.portalUrl ?? "http://localhost:3000",
          ...(opts.portalCiToken ? { PORTAL_TOKEN: opts.portalCiToken } : {}),
          IMAGE_BUILDER: "none",
          // The agent's OpenTofu working data (.terraform: backend, providers) lives in the world's data,
          // as in a real agent's workspace, not in the checkout the world runs from: a root left
          // initialised against moto's S3 there broke the checkout's own `make infra-test`.
          TOFU_DATA_ROOT: join(dataDir, "jenkins", "tofu-data"),
          ...toolchain.env,
          PATH: toolchain.path.join(":"),
        }),
      });
      jenkins = await listen(
        jenkinsSpec({
          runner,
          user: "portal",
          token: tokens.jenkins,
          publicUrl: () => jenkinsUrl.v,
          crumb: randomBytes(16).toString("hex"),
          requireCrumb: opts.jenkinsRequireCrumb,
        }),
        ports.jenkins,
      );
      jenkinsUrl.v = jenkins.url;
    }
    mark("emulators");

    const results = await childStarts;
    const failed = results.find((r) => r.status === "rejected");
    if (failed) throw (failed as PromiseRejectedResult).reason;

    // 5. Kubeconfig: one context per environment, named after it.
    const kubeconfig = join(dataDir, "kubeconfig");
    writeFileSync(
      kubeconfig,
      stringify({
        apiVersion: "v1",
        kind: "Config",
        "current-context": catalog.environments[0]?.name,
        clusters: clusters.map((c) => ({
          name: c.env,
          cluster: { server: `${kube.url}/clusters/${c.env}`, "insecure-skip-tls-verify": true },
        })),
        users: clusters.map((c) => ({ name: `${c.env}-admin`, user: { token: c.token } })),
        contexts: clusters.map((c) => ({
          name: c.env,
          context: { cluster: c.env, user: `${c.env}-admin`, namespace: c.namespace },
        })),
      }),
      { mode: 0o600 },
    );

    // Readiness: every service answers its own health/version endpoint over HTTP before "ready".
    const probes: [string, string, Record<string, string>][] = [
      ["argocd", `${argocd.url}/api/version`, {}],
      [
        "kubernetes",
        `${kube.url}/clusters/${clusters[0]!.env}/version`,
        { authorization: `Bearer ${clusters[0]!.token}` },
      ],
      ["grafana", `${grafana.url}/api/health`, {}],
      ["slack", `${slack.url}/__sandbox/messages`, {}],
      ["exporter", `${exporterServer.url}/metrics`, {}],
    ];
    if (jenkins)
      probes.push([
        "jenkins",
        `${jenkins.url}/api/json`,
        { authorization: `Basic ${Buffer.from(`portal:${tokens.jenkins}`).toString("base64")}` },
      ]);
    if (promProxy) probes.push(["prometheus", `${promProxy.url}/-/ready`, {}]);
    if (motoProxy) probes.push(["moto", `${motoProxy.url}/moto-api/`, {}]);
    await Promise.all(
      probes.map(async ([name, url, headers]) => {
        const res = await fetch(url, { headers, signal: AbortSignal.timeout(10_000) });
        if (!res.ok) throw new Error(`sandbox readiness: ${name} answered HTTP ${res.status} at ${url}`);
        await res.arrayBuffer();
      }),
    );

    controller.start();
    mark("ready");

    const env: Record<string, string> = {
      SANDBOX: "1",
      METRICS_TOKEN: tokens.portalMetrics,
      CATALOG_PATH: effectiveCatalog,
      ARGOCD_URL: argocd.url,
      ARGOCD_TOKEN: tokens.argocd,
      GRAFANA_URL: grafana.url,
      GRAFANA_TOKEN: tokens.grafana,
      GRAFANA_DATASOURCE_UID: "prometheus",
      SLACK_WEBHOOK_URL: `${slack.url}${tokens.slackWebhook}`,
      SLACK_API_URL: `${slack.url}/api/`,
      SLACK_BOT_TOKEN: tokens.slackBot,
      KUBECONFIG: kubeconfig,
      GITOPS_REPO_URL: repo,
      GITOPS_BRANCH: "main",
      SANDBOX_CONTROL_URL: control.url,
      SANDBOX_SLACK_URL: slack.url,
      ...(promProxy ? { PROMETHEUS_URL: promProxy.url } : {}),
      ...(jenkins ? { JENKINS_URL: jenkins.url, JENKINS_USER: "portal", JENKINS_TOKEN: tokens.jenkins } : {}),
      ...(motoProxy
        ? {
            AWS_ENDPOINT_URL_EKS: motoProxy.url,
            AWS_ACCESS_KEY_ID: awsEnv.AWS_ACCESS_KEY_ID!,
            AWS_SECRET_ACCESS_KEY: awsEnv.AWS_SECRET_ACCESS_KEY!,
            AWS_REGION: awsEnv.AWS_REGION!,
          }
        : {}),
    };
    const urls = Object.fromEntries([...servers].map(([k, s]) => [k, s.url]));
    urls.control = control.url;
    return {
      env,
      control: {
        controller,
        slack: slackStore,
        servers,
        urls,
        dataDir,
        timings,
        jenkinsError,
        childPids: () => children.map((c) => c.proc.pid).filter((p): p is number => typeof p === "number"),
        async setFault(target, patch) {
          const s = servers.get(target);
          if (!s) throw new Error(`unknown fault target "${target}" (one of ${[...servers.keys()].join(", ")})`);
          await s.setFault(patch);
        },
        async clearFaults() {
          for (const s of servers.values()) await s.setFault({ latencyMs: 0, errorRate: 0, down: false });
        },
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

export { DEFAULT_PORTS };
