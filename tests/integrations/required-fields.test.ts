// The required-field overlays (tests/sandbox/required-fields.ts) against the real systems' own payloads
// (contracts/examples): an overlay that a real payload does not meet would be invented, not taken from
// the API. And the checker's negative self-test, so the emulator checks built on it can fail.
import { describe, expect, it } from "vitest";
import {
  checkRequired,
  EKS_REQUIRED,
  GRAFANA_REQUIRED,
  itemsOf,
  JENKINS_REQUIRED,
  KUBERNETES_REQUIRED,
  type Requirement,
  SLACK_REQUIRED,
} from "../sandbox/required-fields";
import { upstreamExample } from "./upstream-examples";

describe("the overlays hold for the real systems' payloads", () => {
  it("Kubernetes: a live Deployment, a running Pod and a kubelet Event", () => {
    expect(checkRequired(KUBERNETES_REQUIRED.Deployment, upstreamExample("kubernetes/live-deployment.yaml"))).toEqual(
      [],
    );
    expect(
      checkRequired(KUBERNETES_REQUIRED.Pod, upstreamExample("kubernetes/pod-running-restart-always.yaml")),
    ).toEqual([]);
    expect(
      checkRequired(KUBERNETES_REQUIRED.Event, upstreamExample("kubernetes/event-started-container.json")),
    ).toEqual([]);
  });

  it("Jenkins: a running build and every run of the Stage View fixture", () => {
    expect(checkRequired(JENKINS_REQUIRED.build, upstreamExample("jenkins/python-jenkins-running-build.json"))).toEqual(
      [],
    );
    const runs = upstreamExample("jenkins/wfapi-runs-failed.json") as unknown[];
    expect(runs).toHaveLength(2);
    for (const run of runs) expect(checkRequired(JENKINS_REQUIRED.runDescription, run)).toEqual([]);
  });

  it("Grafana: a Prometheus data source's /api/ds/query answer (grafana-client)", () => {
    const body = upstreamExample("grafana/grafana-client-prometheus-health.json");
    expect(checkRequired(GRAFANA_REQUIRED.dsQuery, body)).toEqual([]);
  });

  it("Slack: the documented successes and errors", () => {
    for (const method of ["chat.postMessage", "chat.update", "chat.getPermalink"] as const) {
      const { success, error } = upstreamExample(`slack/${method}.json`) as { success: unknown; error: unknown };
      expect(checkRequired(SLACK_REQUIRED[method], success), method).toEqual([]);
      expect(checkRequired(SLACK_REQUIRED.error, error), method).toEqual([]);
    }
  });

  it("EKS: AWS's DescribeCluster example", () => {
    expect(checkRequired(EKS_REQUIRED.describeCluster, upstreamExample("eks/describe-cluster-devel.json"))).toEqual([]);
  });
});

describe("checkRequired (negative self-test)", () => {
  const pod = upstreamExample("kubernetes/pod-running-restart-always.yaml") as {
    metadata: Record<string, unknown>;
    status: { containerStatuses: Record<string, unknown>[] };
  };

  it("names a missing required field, however deep, and in which list item", () => {
    const { creationTimestamp: _, ...metadata } = pod.metadata;
    expect(checkRequired(KUBERNETES_REQUIRED.Pod, { ...pod, metadata })).toEqual([
      expect.stringMatching(/^\/metadata\/creationTimestamp is missing \(/),
    ]);
    const { restartCount: __, ...status } = pod.status.containerStatuses[0]!;
    const list = { items: [pod, { ...pod, status: { ...pod.status, containerStatuses: [status] } }] };
    expect(checkRequired(itemsOf(KUBERNETES_REQUIRED.Pod), list)).toEqual([
      expect.stringMatching(/^\/items\/1\/status\/containerStatuses\/0\/restartCount is missing/),
    ]);
  });

  it("rejects a wrong type, including a fraction where an integer belongs and null where null is not allowed", () => {
    const status = { ...pod.status, containerStatuses: [{ ...pod.status.containerStatuses[0], restartCount: "0" }] };
    expect(checkRequired(KUBERNETES_REQUIRED.Pod, { ...pod, status }).join()).toContain("restartCount is string");
    const build = upstreamExample("jenkins/python-jenkins-running-build.json") as Record<string, unknown>;
    expect(checkRequired(JENKINS_REQUIRED.build, { ...build, duration: 0.5 }).join()).toContain(
      "/duration is number, not integer",
    );
    expect(checkRequired(JENKINS_REQUIRED.build, { ...build, number: null }).join()).toContain("/number is null");
    expect(checkRequired(JENKINS_REQUIRED.build, { ...build, result: null })).toEqual([]); // "string|null"
  });

  it("checks each value of an id-keyed object, and types optional fields when they are there", () => {
    const body = { results: { A: { frames: [{ schema: { fields: [{ name: "Time" }] }, data: { values: [] } }] } } };
    expect(checkRequired(GRAFANA_REQUIRED.dsQuery, body)).toEqual([
      expect.stringMatching(/^\/results\/A\/frames\/0\/schema\/fields\/0\/type is missing/),
    ]);
    expect(checkRequired(EKS_REQUIRED.describeCluster, { cluster: { createdAt: "2018-06-01" } }).join()).toContain(
      "/cluster/createdAt is string, not number",
    );
    expect(checkRequired(EKS_REQUIRED.describeCluster, {})).toEqual([]);
  });

  it("reports a place that is not an object, and the body itself", () => {
    const reqs: Requirement[] = [{ at: "", fields: { ok: "boolean" }, source: "s" }];
    expect(checkRequired(reqs, [])).toEqual(["/ is array, not an object"]);
    expect(checkRequired(SLACK_REQUIRED.error, { ok: false })).toEqual([expect.stringMatching(/^\/error is missing/)]);
  });
});
