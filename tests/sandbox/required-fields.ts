// Required-field overlays: for every field the portal reads from Kubernetes, Grafana, Jenkins, Slack and
// EKS, whether the real API always sends it and with which JSON type, each with where that is written
// down upstream. The swagger-based validators (contracts.ts) reject invented fields; these reject an
// emulator (or a fixture) that leaves out what the real system never leaves out. Argo CD's overlay is
// ARGOCD_REQUIRED in contracts.ts (its swagger has every field, so it is applied to the swagger itself).
//
// A requirement names a place in the body (`at`) and the fields every object there must have:
//   ""                 the body itself
//   "spec.template"    nested objects (skipped when an object on the way is absent or null)
//   "items[]"          each element of an array ("[]" alone: the body is the array)
//   "results.*"        each value of an object keyed by ids
// A type ending in "?" is optional but typed when present (EKS's model marks no output member required).

import { expect } from "vitest";

type JsonType = "string" | "number" | "integer" | "boolean" | "object" | "array" | "null";
export type FieldType = JsonType | `${JsonType}?` | `${JsonType}|null`;
export type Requirement = { at: string; fields: Record<string, FieldType>; source: string };

function typeOf(v: unknown): JsonType {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v as JsonType;
}

function matches(v: unknown, want: JsonType): boolean {
  const t = typeOf(v);
  return t === want || (want === "number" && t === "integer");
}

type Node = { path: string; value: unknown };

function step(nodes: Node[], segment: string): Node[] {
  const out: Node[] = [];
  const array = segment.endsWith("[]");
  const key = array ? segment.slice(0, -2) : segment;
  for (const n of nodes) {
    if (key === "*") {
      if (typeOf(n.value) === "object")
        for (const [k, v] of Object.entries(n.value as object)) out.push({ path: `${n.path}/${k}`, value: v });
      continue;
    }
    const v =
      key === "" ? n.value : typeOf(n.value) === "object" ? (n.value as Record<string, unknown>)[key] : undefined;
    const path = key === "" ? n.path : `${n.path}/${key}`;
    if (v === undefined || v === null) continue;
    if (!array) out.push({ path, value: v });
    else if (Array.isArray(v)) for (const [i, e] of v.entries()) out.push({ path: `${path}/${i}`, value: e });
  }
  return out;
}

/** Every missing or mistyped field, as "<JSON pointer> <problem>"; [] when the body meets the overlay. */
export function checkRequired(requirements: readonly Requirement[], body: unknown): string[] {
  const problems: string[] = [];
  for (const r of requirements) {
    const segments = r.at === "" ? [] : r.at.split(".");
    const nodes = segments.reduce(step, [{ path: "", value: body }]);
    for (const n of nodes) {
      if (typeOf(n.value) !== "object") {
        problems.push(`${n.path || "/"} is ${typeOf(n.value)}, not an object`);
        continue;
      }
      const obj = n.value as Record<string, unknown>;
      for (const [field, spec] of Object.entries(r.fields)) {
        const optional = spec.endsWith("?");
        const wanted = spec.replace("?", "").split("|") as JsonType[];
        if (!(field in obj)) {
          if (!optional) problems.push(`${n.path}/${field} is missing (${r.source})`);
        } else if (!wanted.some((w) => matches(obj[field], w)))
          problems.push(`${n.path}/${field} is ${typeOf(obj[field])}, not ${wanted.join(" or ")} (${r.source})`);
      }
    }
  }
  return problems;
}

/** Fails the test with every missing or mistyped field of `body`, under `what`. */
export function expectRequired(requirements: readonly Requirement[], body: unknown, what: string): void {
  expect(checkRequired(requirements, body), what).toEqual([]);
}

/** A stored workload object: its three parts, and the metadata every stored object has. */
const K8S_STORED: Requirement[] = [
  {
    at: "",
    fields: { metadata: "object", spec: "object", status: "object" },
    source: "k8s.io/api types.go: metadata, spec and status are struct-valued and encoding/json never omits a struct",
  },
  {
    at: "metadata",
    fields: { name: "string", creationTimestamp: "string" },
    source:
      "every stored object has a name (apimachinery ValidateObjectMeta) and a creationTimestamp the API server sets on create (rest.BeforeCreate)",
  },
];

/** What a real API server always sends, for the fields lib/integrations/kubernetes/schemas.ts reads. */
export const KUBERNETES_REQUIRED: Record<"Deployment" | "Pod" | "Event" | "Status", Requirement[]> = {
  Deployment: [
    ...K8S_STORED,
    {
      at: "spec",
      fields: { replicas: "integer", template: "object" },
      source: "apps/v1 SetDefaults_Deployment sets replicas to 1 when unset; DeploymentSpec.template is required",
    },
    {
      at: "spec.template.spec.containers[]",
      fields: { name: "string" },
      source: "core/v1 Container.name has no omitempty (swagger: required)",
    },
    {
      at: "status.conditions[]",
      fields: { type: "string", status: "string" },
      source: "apps/v1 DeploymentCondition type and status have no omitempty",
    },
  ],
  Pod: [
    ...K8S_STORED,
    {
      at: "spec.containers[]",
      fields: { name: "string", image: "string" },
      source: "core validation validateContainers requires every pod container's name and image",
    },
    {
      at: "status",
      fields: { phase: "string" },
      source: "the pod strategy's PrepareForCreate sets phase Pending; the kubelet only moves it on",
    },
    {
      at: "status.containerStatuses[]",
      fields: { name: "string", ready: "boolean", restartCount: "integer", image: "string" },
      source: "core/v1 ContainerStatus name, ready, restartCount and image have no omitempty",
    },
  ],
  Event: [
    {
      at: "",
      fields: { metadata: "object", involvedObject: "object" },
      source: "core/v1 Event metadata and involvedObject have no omitempty (swagger: required)",
    },
  ],
  /** The error body: apimachinery's StatusError (api/errors NewNotFound, NewUnauthorized…) sets all six. */
  Status: [
    {
      at: "",
      fields: {
        kind: "string",
        apiVersion: "string",
        status: "string",
        message: "string",
        reason: "string",
        code: "integer",
      },
      source: "apimachinery api/errors: every StatusError carries status Failure, message, reason and code",
    },
  ],
};

const EXPORTED = "jenkinsci/jenkins @Exported getters; Stapler writes an exported null as null, never omits it";

/** What Jenkins always sends, for the fields lib/integrations/jenkins/schemas.ts reads. */
export const JENKINS_REQUIRED: Record<
  "build" | "queueItem" | "leftQueueItem" | "crumb" | "runDescription",
  Requirement[]
> = {
  build: [
    {
      at: "",
      fields: {
        number: "integer",
        url: "string",
        building: "boolean",
        result: "string|null",
        timestamp: "integer",
        duration: "integer",
        estimatedDuration: "integer",
        artifacts: "array",
      },
      source: `Run.getNumber/getAbsoluteUrl(url)/isBuilding/getResult/getTimeInMillis(timestamp)/getDuration/getEstimatedDuration/getArtifacts: ${EXPORTED}`,
    },
    {
      at: "artifacts[]",
      fields: { fileName: "string", relativePath: "string" },
      source: "Run.Artifact fileName and relativePath are @Exported",
    },
  ],
  queueItem: [
    {
      at: "",
      fields: { id: "integer", blocked: "boolean", buildable: "boolean", why: "string|null" },
      source: `Queue.Item.getId/isBlocked/isBuildable/getWhy: ${EXPORTED}`,
    },
  ],
  leftQueueItem: [
    {
      at: "",
      fields: { id: "integer", cancelled: "boolean", executable: "object|null" },
      source: `Queue.LeftItem.isCancelled/getExecutable: ${EXPORTED}`,
    },
    { at: "executable", fields: { number: "integer", url: "string" }, source: "Run number and url, as above" },
  ],
  crumb: [
    {
      at: "",
      fields: { crumb: "string", crumbRequestField: "string" },
      source: "CrumbIssuer.getCrumb/getCrumbRequestField are @Exported",
    },
  ],
  /** GET …/wfapi/describe (Pipeline Stage View plugin's RunExt, Jackson-serialised getters). */
  runDescription: [
    {
      at: "",
      fields: { id: "string", name: "string", status: "string", startTimeMillis: "integer", stages: "array" },
      source: "pipeline-stage-view-plugin RunExt getters (every run in the plugin's own fixtures has them)",
    },
    {
      at: "stages[]",
      fields: { id: "string", name: "string", status: "string", startTimeMillis: "integer", durationMillis: "integer" },
      source: "pipeline-stage-view-plugin StageNodeExt/FlowNodeExt getters",
    },
  ],
};

/** GET /api/ds/query: grafana-plugin-sdk-go's QueryDataResponse and data.Frame JSON writers. */
export const GRAFANA_REQUIRED: Record<"dsQuery" | "error", Requirement[]> = {
  dsQuery: [
    {
      at: "",
      fields: { results: "object" },
      source: "backend/json.go writeQueryDataResponseJSON always writes results",
    },
    {
      at: "results.*",
      fields: { frames: "array?", error: "string?", status: "integer?" },
      source: "backend/json.go writeDataResponseJSON: error when failed, frames when there are any",
    },
    {
      at: "results.*.frames[]",
      fields: { schema: "object", data: "object" },
      source: "data/frame_json.go writeDataFrame: /api/ds/query includes schema and data",
    },
    {
      at: "results.*.frames[].schema",
      fields: { fields: "array" },
      source: "data/frame_json.go writeDataFrameSchema always writes fields (name and refId only when set)",
    },
    {
      at: "results.*.frames[].schema.fields[]",
      fields: { type: "string", name: "string?" },
      source: "data/frame_json.go: a field's type is always written, its name only when non-empty",
    },
    {
      at: "results.*.frames[].data",
      fields: { values: "array" },
      source: "data/frame_json.go writeDataFrameData always writes values",
    },
  ],
  /** An API error (401, 404…): grafana pkg/api/response Error and errutil's public errors both carry message. */
  error: [{ at: "", fields: { message: "string" }, source: "grafana pkg/api/response: Error writes {message}" }],
};

const SLACK_SPEC = "slackapi/slack-api-specs web-api/slack_web_openapi_v2.json";

/** The `required` lists of Slack's own OpenAPI definition for the methods the adapter calls. */
export const SLACK_REQUIRED: Record<"chat.postMessage" | "chat.update" | "chat.getPermalink" | "error", Requirement[]> =
  {
    "chat.postMessage": [
      {
        at: "",
        fields: { ok: "boolean", channel: "string", ts: "string", message: "object" },
        source: `${SLACK_SPEC}: chat.postMessage success schema`,
      },
    ],
    "chat.update": [
      {
        at: "",
        fields: { ok: "boolean", channel: "string", ts: "string", text: "string", message: "object" },
        source: `${SLACK_SPEC}: chat.update success schema`,
      },
    ],
    "chat.getPermalink": [
      {
        at: "",
        fields: { ok: "boolean", channel: "string", permalink: "string" },
        source: `${SLACK_SPEC}: chat.getPermalink success schema`,
      },
    ],
    error: [
      {
        at: "",
        fields: { ok: "boolean", error: "string" },
        source: `${SLACK_SPEC}: every method's error schema`,
      },
    ],
  };

const EKS_MODEL = "botocore data/eks/2017-11-01/service-2.json";

/** EKS's model marks no output member required, so these only type what the portal reads. */
export const EKS_REQUIRED: Record<"describeCluster" | "describeNodegroup" | "error", Requirement[]> = {
  describeCluster: [
    { at: "", fields: { cluster: "object?" }, source: `${EKS_MODEL}: DescribeClusterResponse` },
    {
      at: "cluster",
      fields: {
        name: "string?",
        status: "string?",
        version: "string?",
        platformVersion: "string?",
        createdAt: "number?",
        health: "object?",
      },
      source: `${EKS_MODEL}: Cluster (createdAt is a timestamp, epoch seconds in rest-json)`,
    },
    {
      at: "cluster.health.issues[]",
      fields: { code: "string?", message: "string?", resourceIds: "array?" },
      source: `${EKS_MODEL}: ClusterIssue`,
    },
  ],
  describeNodegroup: [
    { at: "", fields: { nodegroup: "object?" }, source: `${EKS_MODEL}: DescribeNodegroupResponse` },
    {
      at: "nodegroup",
      fields: {
        nodegroupName: "string?",
        status: "string?",
        version: "string?",
        capacityType: "string?",
        instanceTypes: "array?",
        scalingConfig: "object?",
      },
      source: `${EKS_MODEL}: Nodegroup`,
    },
    {
      at: "nodegroup.scalingConfig",
      fields: { minSize: "integer?", maxSize: "integer?", desiredSize: "integer?" },
      source: `${EKS_MODEL}: NodegroupScalingConfig`,
    },
  ],
  /** rest-json errors: the type in the x-amzn-ErrorType header, the exception's members in the body. */
  error: [
    {
      at: "",
      fields: { message: "string" },
      source: `${EKS_MODEL}: ResourceNotFoundException's message (the SDK's error message)`,
    },
  ],
};

/** The same requirements for each item of a list (…List kinds: `items[]`). */
export const itemsOf = (requirements: readonly Requirement[]): Requirement[] =>
  requirements.map((r) => ({ ...r, at: r.at ? `items[].${r.at}` : "items[]" }));
