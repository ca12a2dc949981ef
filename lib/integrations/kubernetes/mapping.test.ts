import { describe, expect, it } from "vitest";
import { upstreamExample } from "@/tests/integrations/upstream-examples";
import { mapEvent, mapPod, mapWorkloads, restartsWithin } from "./mapping";
import { deploymentSchema, eventSchema, podSchema } from "./schemas";

// First source: objects a real API server returned, kept by Argo CD as its controller's test data and
// by Knative's docs (contracts/examples/kubernetes, origins in contracts/README.md).
describe("on objects from a real API server", () => {
  const liveDeployment = deploymentSchema.parse(upstreamExample("kubernetes/live-deployment.yaml"));
  const runningPod = podSchema.parse(upstreamExample("kubernetes/pod-running-restart-always.yaml"));

  it("maps a rolled-out Deployment: replicas from spec and status, image from the pod template, no problem", () => {
    expect(mapWorkloads([liveDeployment], [], Date.parse("2022-01-06T19:00:00Z"))).toEqual([
      {
        name: "kustomize-guestbook-ui",
        application: "kustomize-guestbook-ui", // no app.kubernetes.io/name label: the name stands in
        desiredReplicas: 4,
        readyReplicas: 4,
        updatedReplicas: 4,
        availableReplicas: 4,
        restartsLastHour: 0,
        problem: null, // Progressing and Available are both "True"
        images: ["gcr.io/heptio-images/ks-guestbook-demo:0.1"],
      },
    ]);
  });

  it("maps a running, ready Pod with its node and start time", () => {
    expect(mapPod(runningPod)).toEqual({
      name: "my-pod",
      application: "my-pod",
      phase: "Running",
      ready: true,
      restarts: 0,
      reason: null,
      node: "minikube",
      startedAt: "2018-12-02T09:24:46Z",
      images: ["alpine:latest"],
    });
    expect(restartsWithin(runningPod, Date.parse("2018-12-02T09:30:00Z"))).toBe(0);
  });

  it("maps a kubelet event (from Knative's docs: the v1 Event a GKE API server served)", () => {
    const e = eventSchema.parse(upstreamExample("kubernetes/event-started-container.json"));
    expect(mapEvent(e)).toEqual({
      type: "Normal",
      reason: "Started",
      message: "Started container",
      objectKind: "Pod",
      objectName: "busybox",
      count: 1,
      lastSeen: "2019-05-10T23:27:06Z", // eventTime is null on core/v1 events from the kubelet
    });
  });
});

// Second source: recorded from the sandbox emulator during a crash-looping rollout (no upstream
// fixture has one), trimmed.

const now = Date.parse("2026-11-27T01:00:00Z");
const labels = { "app.kubernetes.io/name": "nura-core" };

const deployment = deploymentSchema.parse({
  metadata: { name: "nura-core", labels },
  spec: { replicas: 3, template: { spec: { containers: [{ name: "app", image: "nura-core:1.4.3-bad" }] } } },
  status: {
    replicas: 4,
    updatedReplicas: 3,
    readyReplicas: 1,
    availableReplicas: 1,
    conditions: [
      { type: "Available", status: "True", reason: "MinimumReplicasAvailable" },
      {
        type: "Progressing",
        status: "False",
        reason: "ProgressDeadlineExceeded",
        message: 'ReplicaSet "nura-core-7f9" has timed out progressing.',
      },
    ],
  },
});
const crashing = (name: string, started: string, restarts: number, lastEnd?: string) =>
  podSchema.parse({
    metadata: { name, labels, creationTimestamp: started },
    spec: { nodeName: "ip-10-0-1-10", containers: [{ name: "app", image: "nura-core:1.4.3-bad" }] },
    status: {
      phase: "Running",
      startTime: new Date(started),
      containerStatuses: [
        {
          name: "app",
          ready: false,
          restartCount: restarts,
          state: { waiting: { reason: "CrashLoopBackOff" } },
          lastState: lastEnd ? { terminated: { reason: "Error", finishedAt: new Date(lastEnd) } } : undefined,
        },
      ],
    },
  });

describe("restartsWithin", () => {
  it("counts every restart of a pod that started within the hour", () => {
    expect(restartsWithin(crashing("a", "2026-11-27T00:30:00Z", 5), now)).toBe(5);
  });
  it("counts an older pod only when its last termination is within the hour", () => {
    expect(restartsWithin(crashing("b", "2026-11-26T00:00:00Z", 9, "2026-11-27T00:59:00Z"), now)).toBe(1);
    expect(restartsWithin(crashing("c", "2026-11-26T00:00:00Z", 9, "2026-11-26T12:00:00Z"), now)).toBe(0);
  });
});

describe("mapWorkloads", () => {
  it("joins deployments with their pods' restarts and reports why a rollout is stuck", () => {
    const [w] = mapWorkloads(
      [deployment],
      [crashing("a", "2026-11-27T00:30:00Z", 3), crashing("b", "2026-11-27T00:40:00Z", 2)],
      now,
    );
    expect(w).toEqual({
      name: "nura-core",
      application: "nura-core",
      desiredReplicas: 3,
      readyReplicas: 1,
      updatedReplicas: 3,
      availableReplicas: 1,
      restartsLastHour: 5,
      problem: 'ReplicaSet "nura-core-7f9" has timed out progressing.',
      images: ["nura-core:1.4.3-bad"],
    });
  });
  it("treats missing status counters as zero (a Deployment with no ready pods omits them)", () => {
    const [w] = mapWorkloads(
      [deploymentSchema.parse({ metadata: { name: "x" }, spec: { replicas: 2 }, status: {} })],
      [],
      now,
    );
    expect(w).toMatchObject({ application: "x", readyReplicas: 0, desiredReplicas: 2, problem: null });
  });
});

describe("mapPod / mapEvent", () => {
  it("reports the waiting reason of a crash-looping pod", () => {
    expect(mapPod(crashing("a", "2026-11-27T00:30:00Z", 3))).toMatchObject({
      ready: false,
      reason: "CrashLoopBackOff",
      restarts: 3,
      node: "ip-10-0-1-10",
    });
  });
  it("maps a Warning event with its object and last time", () => {
    const e = mapEvent(
      eventSchema.parse({
        type: "Warning",
        reason: "BackOff",
        message: "Back-off restarting failed container",
        count: 7,
        lastTimestamp: new Date("2026-11-27T00:59:30Z"),
        involvedObject: { kind: "Pod", name: "nura-core-7f9-abc" },
      }),
    );
    expect(e).toEqual({
      type: "Warning",
      reason: "BackOff",
      message: "Back-off restarting failed container",
      objectKind: "Pod",
      objectName: "nura-core-7f9-abc",
      count: 7,
      lastSeen: "2026-11-27T00:59:30.000Z",
    });
  });
});
