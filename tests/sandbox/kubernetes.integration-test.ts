// Kubernetes API emulator driven through @kubernetes/client-node as the portal will, with every
// object validated against contracts/kubernetes/swagger.json (vendored) (strict).
import { rmSync } from "node:fs";
import { ApiException, AppsV1Api, CoreV1Api, KubeConfig, VersionApi } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorld, type World } from "@/sandbox/world";
import { kubernetesContract } from "./contracts";
import { cloneGitops, commitTag, waitFor } from "./helpers";
import { checkRequired, expectRequired, itemsOf, KUBERNETES_REQUIRED, type Requirement } from "./required-fields";

const validate = kubernetesContract();
let world: World;
let clone: string;

function clients(context: string) {
  const kc = new KubeConfig();
  kc.loadFromFile(world.env.KUBECONFIG!);
  kc.setCurrentContext(context);
  return {
    core: kc.makeApiClient(CoreV1Api),
    apps: kc.makeApiClient(AppsV1Api),
    version: kc.makeApiClient(VersionApi),
  };
}

/** Raw JSON of a path (client-node turns dates into Date objects, the contract is about the wire). */
async function raw(env: string, path: string) {
  const kc = new KubeConfig();
  kc.loadFromFile(world.env.KUBECONFIG!);
  const cluster = kc.clusters.find((c) => c.name === env)!;
  const user = kc.users.find((u) => u.name === `${env}-admin`)!;
  const res = await fetch(`${cluster.server}${path}`, { headers: { authorization: `Bearer ${user.token}` } });
  return { status: res.status, body: await res.json() };
}

/** What the real API server always sends of what the portal reads (required-fields.ts), per definition. */
const OVERLAYS: Record<string, Requirement[]> = {
  "api.apps.v1.Deployment": KUBERNETES_REQUIRED.Deployment,
  "api.apps.v1.DeploymentList": itemsOf(KUBERNETES_REQUIRED.Deployment),
  "api.core.v1.Pod": KUBERNETES_REQUIRED.Pod,
  "api.core.v1.PodList": itemsOf(KUBERNETES_REQUIRED.Pod),
  "api.core.v1.EventList": itemsOf(KUBERNETES_REQUIRED.Event),
  "apimachinery.pkg.apis.meta.v1.Status": KUBERNETES_REQUIRED.Status,
};

/** Strict swagger shape (nothing invented), then the required-field overlay (nothing left out). */
function expectShape(definition: string, body: unknown) {
  expect(validate(`io.k8s.${definition}`, body), definition).toEqual([]);
  expectRequired(OVERLAYS[definition] ?? [], body, definition);
}

beforeAll(async () => {
  world = await startWorld({
    services: [],
    timing: { pollMs: 200, autoSyncDelayMs: 200, syncDelayMs: 300, healthDelayMs: 600 },
  });
  clone = cloneGitops(world.env.GITOPS_REPO_URL!);
});
afterAll(async () => {
  await world?.stop();
  if (clone) rmSync(clone, { recursive: true, force: true });
});

describe("contract validator", () => {
  // So the shape checks below can fail: the validator must reject what the real API would never send.
  const deployment = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "nura-core", namespace: "nura-prod" },
    spec: { selector: { matchLabels: { app: "nura-core" } }, template: { spec: { containers: [{ name: "app" }] } } },
    status: { replicas: 3, readyReplicas: 3, updatedReplicas: 3 },
  };
  const d = "io.k8s.api.apps.v1.Deployment";
  it("accepts a well-formed Deployment", () => {
    expect(validate(d, deployment)).toEqual([]);
  });
  it("rejects an invented field, a wrong type, and a missing required field", () => {
    expect(validate(d, { ...deployment, status: { ...deployment.status, healthy: true } }).join()).toContain(
      "additional",
    );
    expect(validate(d, { ...deployment, status: { ...deployment.status, readyReplicas: "3" } }).join()).toContain(
      "integer",
    );
    // DeploymentSpec requires selector and template; a container requires its name (the swagger says so).
    expect(validate(d, { ...deployment, spec: { template: deployment.spec.template } }).join()).toContain("selector");
    expect(
      validate(d, {
        ...deployment,
        spec: { ...deployment.spec, template: { spec: { containers: [{ image: "x" }] } } },
      }).join(),
    ).toContain("name");
  });
  it("and the required-field overlay rejects what a real API server never leaves out", () => {
    // The swagger accepts this Deployment; a stored one always has creationTimestamp and (defaulted) replicas.
    expect(checkRequired(KUBERNETES_REQUIRED.Deployment, deployment)).toEqual([
      expect.stringMatching(/^\/metadata\/creationTimestamp is missing/),
      expect.stringMatching(/^\/spec\/replicas is missing/),
    ]);
    const stored = {
      ...deployment,
      metadata: { ...deployment.metadata, creationTimestamp: "2026-11-27T00:00:00Z" },
      spec: { ...deployment.spec, replicas: 3 },
    };
    expect(checkRequired(KUBERNETES_REQUIRED.Deployment, stored)).toEqual([]);
    expect(checkRequired(KUBERNETES_REQUIRED.Status, { kind: "Status", code: "404" }).length).toBe(5);
  });
});

describe("kubeconfig", () => {
  it("has one context per environment, named after it, on a plain-http server with skipTLSVerify", () => {
    const kc = new KubeConfig();
    kc.loadFromFile(world.env.KUBECONFIG!);
    expect(kc.contexts.map((c) => c.name).sort()).toEqual(["dev", "prod", "staging"]);
    for (const c of kc.clusters) {
      expect(c.server).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/clusters\//);
      expect(c.skipTLSVerify).toBe(true);
    }
  });
});

describe("through @kubernetes/client-node", () => {
  it("reads version and namespaces", async () => {
    const { core, version } = clients("prod");
    const v = await version.getCode();
    expect(v.gitVersion).toMatch(/^v1\./);
    const ns = await core.listNamespace();
    expect(ns.items.map((n) => n.metadata?.name)).toContain("nura-prod");
    expectShape("api.core.v1.NamespaceList", (await raw("prod", "/api/v1/namespaces")).body);
    expectShape("apimachinery.pkg.version.Info", (await raw("prod", "/version")).body);
  });

  it("lists Deployments, ReplicaSets and Pods matching the Argo CD state", async () => {
    const { apps, core } = clients("prod");
    const deps = await apps.listNamespacedDeployment({ namespace: "nura-prod" });
    expect(deps.items.map((d) => d.metadata?.name).sort()).toEqual(["nura-core", "nura-portal", "nura-ui"]);
    const core3 = deps.items.find((d) => d.metadata?.name === "nura-core")!;
    expect(core3.spec?.template.spec?.containers[0]?.image).toMatch(/:1\.3\.7$/);
    expect(core3.status?.readyReplicas).toBe(3);
    expect(core3.metadata?.creationTimestamp).toBeInstanceOf(Date);
    const pods = await core.listNamespacedPod({
      namespace: "nura-prod",
      labelSelector: "app.kubernetes.io/name=nura-core",
    });
    expect(pods.items).toHaveLength(3);
    expect(pods.items.every((p) => p.status?.containerStatuses?.[0]?.ready)).toBe(true);
    for (const path of [
      ["api.apps.v1.DeploymentList", "/apis/apps/v1/namespaces/nura-prod/deployments"],
      ["api.apps.v1.ReplicaSetList", "/apis/apps/v1/namespaces/nura-prod/replicasets"],
      ["api.core.v1.PodList", "/api/v1/namespaces/nura-prod/pods"],
      ["api.core.v1.EventList", "/api/v1/namespaces/nura-prod/events"],
      ["api.apps.v1.Deployment", "/apis/apps/v1/namespaces/nura-prod/deployments/nura-core"],
    ] as const) {
      expectShape(path[0], (await raw("prod", path[1])).body);
    }
  });

  it("paginates with limit / continue", async () => {
    const { core } = clients("prod");
    const first = await core.listNamespacedPod({ namespace: "nura-prod", limit: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.metadata?._continue).toBeTruthy();
    const rest = await core.listNamespacedPod({
      namespace: "nura-prod",
      limit: 100,
      _continue: first.metadata?._continue,
    });
    const all = await core.listNamespacedPod({ namespace: "nura-prod" });
    expect([...first.items, ...rest.items].map((p) => p.metadata?.name)).toEqual(
      all.items.map((p) => p.metadata?.name),
    );
  });

  it("throws ApiException with a v1 Status body for a missing object and for a bad token", async () => {
    const { apps } = clients("dev");
    const err = await apps.readNamespacedDeployment({ namespace: "nura-dev", name: "nope" }).catch((e) => e);
    expect(err).toBeInstanceOf(ApiException);
    expect(err.code).toBe(404);
    const status = (await raw("dev", "/apis/apps/v1/namespaces/nura-dev/deployments/nope")).body;
    expectShape("apimachinery.pkg.apis.meta.v1.Status", status);
    expect(status).toMatchObject({ kind: "Status", status: "Failure", reason: "NotFound", code: 404 });
    const kc = new KubeConfig();
    kc.loadFromFile(world.env.KUBECONFIG!);
    const res = await fetch(`${kc.clusters[0]!.server}/api/v1/namespaces`, {
      headers: { authorization: "Bearer wrong" },
    });
    expect(res.status).toBe(401);
    const unauthorized = await res.json();
    expectShape("apimachinery.pkg.apis.meta.v1.Status", unauthorized);
    expect(unauthorized).toMatchObject({ status: "Failure", reason: "Unauthorized", code: 401 });
  });

  it("follows a broken release: crash-looping pods with restarts and Warning events", async () => {
    commitTag(clone, "helm/nura-ui/values-dev.yaml", "2.1.1-bad");
    const { core, apps } = clients("dev");
    const crashing = await waitFor("crash-looping pods", async () => {
      const pods = await core.listNamespacedPod({
        namespace: "nura-dev",
        labelSelector: "app.kubernetes.io/name=nura-ui",
      });
      const bad = pods.items.filter(
        (p) => p.status?.containerStatuses?.[0]?.state?.waiting?.reason === "CrashLoopBackOff",
      );
      return bad.length > 0 && pods;
    });
    const bad = crashing.items.find((p) => p.spec?.containers[0]?.image?.endsWith(":2.1.1-bad"))!;
    expect(bad.status?.containerStatuses?.[0]?.restartCount).toBeGreaterThan(0);
    // the previous ReplicaSet keeps serving while the new one fails
    expect(
      crashing.items.some(
        (p) => p.status?.containerStatuses?.[0]?.ready && p.spec?.containers[0]?.image?.endsWith(":2.1.0"),
      ),
    ).toBe(true);
    const d = await apps.readNamespacedDeployment({ namespace: "nura-dev", name: "nura-ui" });
    expect(d.status?.conditions?.find((c) => c.type === "Progressing")?.reason).toBe("ProgressDeadlineExceeded");
    const events = await core.listNamespacedEvent({ namespace: "nura-dev", fieldSelector: "type=Warning" });
    expect(events.items.map((e) => e.reason)).toContain("BackOff");
    expectShape("api.core.v1.PodList", (await raw("dev", "/api/v1/namespaces/nura-dev/pods")).body);
    expectShape("api.core.v1.EventList", (await raw("dev", "/api/v1/namespaces/nura-dev/events")).body);
  });

  it("streams watch events for pods", async () => {
    const kc = new KubeConfig();
    kc.loadFromFile(world.env.KUBECONFIG!);
    const cluster = kc.clusters.find((c) => c.name === "staging")!;
    const token = kc.users.find((u) => u.name === "staging-admin")!.token;
    const ctrl = new AbortController();
    const res = await fetch(`${cluster.server}/api/v1/namespaces/nura-staging/pods?watch=true`, {
      headers: { authorization: `Bearer ${token}` },
      signal: ctrl.signal,
    });
    const reader = res.body!.getReader();
    const { value } = await reader.read();
    ctrl.abort();
    const first = JSON.parse(new TextDecoder().decode(value).split("\n")[0]!);
    expect(first.type).toBe("ADDED");
    expectShape("apimachinery.pkg.apis.meta.v1.WatchEvent", first);
    expectShape("api.core.v1.Pod", first.object);
  });
});
