// Derives the Kubernetes workload of an AppInstance (ReplicaSets and Pods) from its state and the
// clock, as a pure function: every reader (Kubernetes API, Argo CD tree, exporter) agrees.
import { createHash } from "node:crypto";
import { type AppInstance, imageOf, type Release } from "./model";

export interface ReplicaSetView {
  name: string;
  image: string;
  tag: string;
  replicas: number;
  readyReplicas: number;
  revision: number;
  createdAt: string;
  current: boolean;
}

export interface PodView {
  name: string;
  rs: string;
  image: string;
  phase: "Pending" | "Running";
  /** Container waiting reason when not running normally. */
  reason?: "ContainerCreating" | "CrashLoopBackOff";
  ready: boolean;
  restarts: number;
  createdAt: string;
  node: string;
}

export interface Workload {
  replicaSets: ReplicaSetView[];
  pods: PodView[];
}

/** A crash-looping container restarts about every 15 s in the sandbox. */
export const CRASH_RESTART_MS = 15_000;
const REVISION_HISTORY_LIMIT = 3;

export const shortHash = (s: string, n = 10) =>
  createHash("sha256")
    .update(s)
    .digest("hex")
    .replace(/[^bcdfghjklmnpqrstvwxz2456789]/g, "")
    .padEnd(n, "x")
    .slice(0, n);

export function replicaSetName(app: string, r: Pick<Release, "tag" | "repository">): string {
  return `${app}-${shortHash(`${r.repository}:${r.tag}`, 10)}`;
}

export function podName(rs: string, i: number): string {
  return `${rs}-${shortHash(`${rs}/${i}`, 5)}`;
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

export function workloadOf(a: AppInstance, now = Date.now()): Workload {
  const started = a.rollout?.startedAt ?? new Date(a.createdAt).getTime();
  const state = a.health.status;
  const currentName = replicaSetName(a.app, a.live);
  const replicaSets: ReplicaSetView[] = [];
  const pods: PodView[] = [];
  const nodeOf = (i: number) => `ip-10-0-${(i % 3) + 1}-${10 + ((i * 37) % 200)}.eu-west-1.compute.internal`;

  const currentReady = state === "Healthy" ? a.live.replicas : 0;
  replicaSets.push({
    name: currentName,
    image: imageOf(a.live),
    tag: a.live.tag,
    replicas: a.live.replicas,
    readyReplicas: currentReady,
    revision: a.history.length,
    createdAt: iso(started),
    current: true,
  });
  for (let i = 0; i < a.live.replicas; i++) {
    const pod: PodView = {
      name: podName(currentName, i),
      rs: currentName,
      image: imageOf(a.live),
      phase: "Running",
      ready: state === "Healthy",
      restarts: 0,
      createdAt: iso(started + i * 1000),
      node: nodeOf(i),
    };
    if (state === "Progressing") {
      pod.phase = "Pending";
      pod.reason = "ContainerCreating";
    } else if (state === "Degraded") {
      pod.reason = "CrashLoopBackOff";
      pod.restarts = 1 + Math.floor(Math.max(0, now - started) / CRASH_RESTART_MS);
    }
    pods.push(pod);
  }

  // While a rollout is not healthy the previous ReplicaSet keeps serving (maxUnavailable 0).
  const previous = a.rollout?.previous;
  const keepPrevious = previous && state !== "Healthy";
  const seen = new Set([currentName]);
  const older = [...a.history].reverse();
  if (previous)
    older.unshift({
      tag: previous.tag,
      id: -1,
      revision: previous.revision,
      deployStartedAt: "",
      deployedAt: "",
      initiatedBy: {},
    });
  for (const h of older) {
    const repo = previous && previous.tag === h.tag ? previous.repository : a.live.repository;
    const name = replicaSetName(a.app, { tag: h.tag, repository: repo });
    if (seen.has(name) || replicaSets.length > REVISION_HISTORY_LIMIT) continue;
    seen.add(name);
    const serving = keepPrevious && previous.tag === h.tag;
    const replicas = serving ? previous.replicas : 0;
    const created = h.deployStartedAt ? new Date(h.deployStartedAt).getTime() : started - 86_400_000;
    replicaSets.push({
      name,
      image: `${repo}:${h.tag}`,
      tag: h.tag,
      replicas,
      readyReplicas: replicas,
      revision: Math.max(0, a.history.length - replicaSets.length),
      createdAt: iso(created),
      current: false,
    });
    for (let i = 0; i < replicas; i++) {
      pods.push({
        name: podName(name, i),
        rs: name,
        image: `${repo}:${h.tag}`,
        phase: "Running",
        ready: true,
        restarts: 0,
        createdAt: iso(created + i * 1000),
        node: nodeOf(i + 1),
      });
    }
  }
  return { replicaSets, pods };
}
