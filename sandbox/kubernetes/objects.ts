// Renders the world as Kubernetes API objects (core/v1 and apps/v1), one cluster per environment.
import { uid } from "../argocd/render";
import type { AppInstance } from "../world/model";
import { imageOf } from "../world/model";
import { CRASH_RESTART_MS, type PodView, type ReplicaSetView, workloadOf } from "../world/workload";

type Obj = Record<string, unknown>;
const iso = (ms = Date.now()) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

const selectorLabels = (a: AppInstance) => ({
  "app.kubernetes.io/name": a.app,
  "app.kubernetes.io/instance": a.argoName,
});
const labels = (a: AppInstance) => ({
  ...selectorLabels(a),
  "app.kubernetes.io/managed-by": "Helm",
  "nura.io/environment": a.env,
});

export function namespaceObject(name: string, createdAt: string): Obj {
  return {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: {
      name,
      uid: uid(`ns/${name}`),
      resourceVersion: "1",
      creationTimestamp: createdAt,
      labels: { "kubernetes.io/metadata.name": name },
    },
    spec: { finalizers: ["kubernetes"] },
    status: { phase: "Active" },
  };
}

function container(a: AppInstance, image: string) {
  return {
    name: "app",
    image,
    ports: [{ name: "http", containerPort: 8080, protocol: "TCP" }],
    resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "500m", memory: "512Mi" } },
    readinessProbe: {
      httpGet: { path: "/healthz", port: "http", scheme: "HTTP" },
      periodSeconds: 5,
      timeoutSeconds: 1,
      successThreshold: 1,
      failureThreshold: 3,
    },
    terminationMessagePath: "/dev/termination-log",
    terminationMessagePolicy: "File",
    imagePullPolicy: "IfNotPresent",
    env: [{ name: "NURA_ENV", value: a.env }],
  };
}

export function deploymentObject(a: AppInstance, now = Date.now()): Obj {
  const w = workloadOf(a, now);
  const current = w.replicaSets.find((r) => r.current)!;
  const total = w.pods.length;
  const ready = w.pods.filter((p) => p.ready).length;
  const degraded = a.health.status === "Degraded";
  const progressing = a.health.status === "Progressing";
  const since = a.health.lastTransitionTime;
  const status: Obj = {
    observedGeneration: a.history.length || 1,
    replicas: total,
    updatedReplicas: a.live.replicas,
    readyReplicas: ready,
    availableReplicas: ready,
    conditions: [
      {
        type: "Available",
        status: ready >= a.live.replicas || ready > 0 ? "True" : "False",
        lastUpdateTime: since,
        lastTransitionTime: since,
        reason: ready > 0 ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
        message: ready > 0 ? "Deployment has minimum availability." : "Deployment does not have minimum availability.",
      },
      {
        type: "Progressing",
        status: degraded ? "False" : "True",
        lastUpdateTime: since,
        lastTransitionTime: since,
        reason: degraded ? "ProgressDeadlineExceeded" : progressing ? "ReplicaSetUpdated" : "NewReplicaSetAvailable",
        message: degraded
          ? `ReplicaSet "${current.name}" has timed out progressing.`
          : progressing
            ? `ReplicaSet "${current.name}" is progressing.`
            : `ReplicaSet "${current.name}" has successfully progressed.`,
      },
    ],
  };
  if (total - ready > 0) status.unavailableReplicas = total - ready;
  if (ready === 0) delete status.readyReplicas;
  if (ready === 0) delete status.availableReplicas;
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: {
      name: a.app,
      namespace: a.namespace,
      uid: uid(`${a.argoName}/deploy`),
      resourceVersion: String(a.resourceVersion),
      generation: a.history.length || 1,
      creationTimestamp: a.createdAt,
      labels: labels(a),
      annotations: {
        "deployment.kubernetes.io/revision": String(current.revision || 1),
        "argocd.argoproj.io/tracking-id": `${a.argoName}:apps/Deployment:${a.namespace}/${a.app}`,
      },
    },
    spec: {
      replicas: a.live.replicas,
      selector: { matchLabels: selectorLabels(a) },
      template: {
        metadata: { labels: selectorLabels(a) },
        spec: { containers: [container(a, imageOf(a.live))], restartPolicy: "Always", dnsPolicy: "ClusterFirst" },
      },
      strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: "25%" } },
      revisionHistoryLimit: 3,
      progressDeadlineSeconds: 600,
    },
    status,
  };
}

export function replicaSetObject(a: AppInstance, rs: ReplicaSetView): Obj {
  const hash = rs.name.slice(a.app.length + 1);
  const status: Obj = { replicas: rs.replicas, observedGeneration: 1 };
  if (rs.readyReplicas > 0)
    Object.assign(status, {
      readyReplicas: rs.readyReplicas,
      availableReplicas: rs.readyReplicas,
      fullyLabeledReplicas: rs.replicas,
    });
  return {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: {
      name: rs.name,
      namespace: a.namespace,
      uid: uid(`${a.argoName}/${rs.name}`),
      resourceVersion: String(a.resourceVersion),
      generation: 1,
      creationTimestamp: rs.createdAt,
      labels: { ...selectorLabels(a), "pod-template-hash": hash },
      annotations: {
        "deployment.kubernetes.io/revision": String(rs.revision),
        "deployment.kubernetes.io/desired-replicas": String(a.live.replicas),
      },
      ownerReferences: [
        {
          apiVersion: "apps/v1",
          kind: "Deployment",
          name: a.app,
          uid: uid(`${a.argoName}/deploy`),
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: {
      replicas: rs.replicas,
      selector: { matchLabels: { ...selectorLabels(a), "pod-template-hash": hash } },
      template: {
        metadata: { labels: { ...selectorLabels(a), "pod-template-hash": hash } },
        spec: { containers: [container(a, rs.image)] },
      },
    },
    status,
  };
}

export function podObject(a: AppInstance, p: PodView, index: number): Obj {
  const hash = p.rs.slice(a.app.length + 1);
  const crash = p.reason === "CrashLoopBackOff";
  const creating = p.reason === "ContainerCreating";
  const cond = (type: string, ok: boolean) => ({
    type,
    status: ok ? "True" : "False",
    lastTransitionTime: p.createdAt,
  });
  const state = creating
    ? { waiting: { reason: "ContainerCreating" } }
    : crash
      ? {
          waiting: {
            reason: "CrashLoopBackOff",
            message: `back-off 40s restarting failed container=app pod=${p.name}_${a.namespace}`,
          },
        }
      : { running: { startedAt: p.createdAt } };
  const containerStatus: Obj = {
    name: "app",
    ready: p.ready,
    restartCount: p.restarts,
    image: p.image,
    imageID: creating ? "" : `${p.image.split(":")[0]}@sha256:${uid(p.image).replace(/-/g, "").padEnd(64, "0")}`,
    started: !creating && !crash,
    state,
  };
  if (crash) {
    // Tied to the restart count, not the clock: the object changes (new resourceVersion) once per restart.
    const finished = new Date(p.createdAt).getTime() + (p.restarts - 1) * CRASH_RESTART_MS + 5_000;
    containerStatus.lastState = {
      terminated: {
        exitCode: 1,
        reason: "Error",
        startedAt: iso(finished - 8_000),
        finishedAt: iso(finished),
        containerID: `containerd://${uid(p.name).replace(/-/g, "")}`,
      },
    };
  }
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: p.name,
      generateName: `${p.rs}-`,
      namespace: a.namespace,
      uid: uid(`${a.argoName}/${p.name}`),
      resourceVersion: String(a.resourceVersion * 1000 + p.restarts),
      creationTimestamp: p.createdAt,
      labels: { ...selectorLabels(a), "pod-template-hash": hash },
      ownerReferences: [
        {
          apiVersion: "apps/v1",
          kind: "ReplicaSet",
          name: p.rs,
          uid: uid(`${a.argoName}/${p.rs}`),
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: {
      containers: [container(a, p.image)],
      nodeName: p.node,
      restartPolicy: "Always",
      serviceAccountName: a.app,
      schedulerName: "default-scheduler",
    },
    status: {
      phase: p.phase,
      conditions: [
        cond("Initialized", true),
        cond("Ready", p.ready),
        cond("ContainersReady", p.ready),
        cond("PodScheduled", true),
      ],
      hostIP: `10.0.${(index % 3) + 1}.${10 + index}`,
      podIP: `10.0.${(index % 3) + 101}.${20 + index}`,
      startTime: p.createdAt,
      containerStatuses: [containerStatus],
      qosClass: "Burstable",
    },
  };
}

/** Events recorded by the controller, attached to the object they concern. */
export function eventObjects(a: AppInstance, now = Date.now()): Obj[] {
  const w = workloadOf(a, now);
  const crashing = w.pods.filter((p) => p.reason === "CrashLoopBackOff");
  return a.events.map((e, i) => {
    let kind: string = e.kind;
    let name = e.name;
    let count = e.count;
    let last = e.lastTimestamp;
    if (e.kind === "Pod") {
      const pod = crashing[i % Math.max(1, crashing.length)] ?? w.pods[0];
      name = pod?.name ?? e.name;
      if (crashing.length && e.reason === "BackOff") {
        count = Math.max(1, pod?.restarts ?? 1);
        last = iso(now - ((now - new Date(e.firstTimestamp).getTime()) % 15_000));
      }
    } else if (e.kind === "Deployment") {
      kind = "Deployment";
    }
    const apiVersion = kind === "Pod" ? "v1" : "apps/v1";
    return {
      apiVersion: "v1",
      kind: "Event",
      metadata: {
        name: `${name}.${e.uid.replace(/-/g, "").slice(0, 16)}`,
        namespace: a.namespace,
        uid: e.uid,
        resourceVersion: String(a.resourceVersion),
        creationTimestamp: e.firstTimestamp,
      },
      involvedObject: {
        kind,
        namespace: a.namespace,
        name,
        apiVersion,
        uid: uid(`${a.argoName}/${kind === "Pod" ? name : "deploy"}`),
      },
      reason: e.reason,
      message: e.message,
      source: { component: kind === "Pod" ? "kubelet" : "deployment-controller" },
      firstTimestamp: e.firstTimestamp,
      lastTimestamp: last,
      count,
      type: e.type,
      reportingComponent: kind === "Pod" ? "kubelet" : "deployment-controller",
      reportingInstance: "",
    };
  });
}

export { workloadOf };
