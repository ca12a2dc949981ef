import { describe, expect, it } from "vitest";
import { upstreamExample } from "@/tests/integrations/upstream-examples";
import { imageTagOf, mapApplication, mapResourceTree } from "./mapping";
import { applicationListSchema, applicationSchema, resourceTreeSchema } from "./schemas";

// First source: Argo CD's own test fixtures (contracts/examples/argocd, origins in contracts/README.md).
describe("mapApplication on Argo CD's payloads", () => {
  it("maps a finished sync (argo-cd controller/appcontroller_test.go fakeApp)", () => {
    const a = mapApplication(applicationSchema.parse(upstreamExample("argocd/app-operation-succeeded.yaml")));
    expect(a).toMatchObject({
      name: "my-app",
      project: "default",
      application: null,
      environment: null,
      // No status.sync / status.health yet: the controller has not compared the app.
      syncStatus: "Unknown",
      health: "Unknown",
      revision: null,
      autoSync: true, // syncPolicy.automated: {} is on, though empty
      lastDeploy: null,
      history: [],
      requestedOperation: null,
    });
    expect(a.operation).toEqual({
      phase: "Succeeded",
      message: "successfully synced",
      startedAt: "2018-09-21T23:50:25Z",
      finishedAt: "2018-09-21T23:50:29Z",
      // the revision the sync resolved HEAD to, not the HEAD it was asked for
      revision: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
      initiatedBy: { kind: "user", username: "unknown" },
      resourcesTotal: 1,
      resourcesDone: 1,
    });
  });

  it("maps an app-of-apps child with no status (argo-cd controller/testdata/live-child-application.yaml)", () => {
    const a = mapApplication(applicationSchema.parse(upstreamExample("argocd/live-child-application.yaml")));
    expect(a).toMatchObject({
      name: "argo-workflows",
      project: "default",
      syncStatus: "Unknown",
      health: "Unknown",
      autoSync: true,
      images: [],
      imageTag: null,
      operation: null,
      reconciledAt: null,
    });
  });
});

// Second source: recorded from the sandbox emulator (v3.6 wire shape), trimmed to what we read; it has
// the parts Argo CD's fixtures do not (history, a running operation, labels, image summary).
const recorded = {
  metadata: {
    name: "nura-core-staging",
    namespace: "argocd",
    labels: {
      "app.kubernetes.io/part-of": "nura",
      "nura.io/application": "nura-core",
      "nura.io/environment": "staging",
    },
  },
  spec: { project: "nura", syncPolicy: { syncOptions: ["CreateNamespace=true"] } },
  status: {
    sync: { status: "OutOfSync", revision: "9649bc4a04e39f870101acbdba193f630c4346c2" },
    health: {
      status: "Degraded",
      message: "Deployment has timed out progressing.",
      lastTransitionTime: "2026-11-23T20:38:30Z",
    },
    history: [
      {
        revision: "b034cf2d3c5170108b4f806fcab69cb51912b115",
        deployedAt: "2026-11-21T20:28:17Z",
        id: 4,
        deployStartedAt: "2026-11-21T20:27:47Z",
        initiatedBy: { username: "jonas.weber" },
      },
      {
        revision: "9649bc4a04e39f870101acbdba193f630c4346c2",
        deployedAt: "2026-11-23T20:38:30Z",
        id: 5,
        deployStartedAt: "2026-11-23T20:38:00Z",
        initiatedBy: { automated: true },
      },
    ],
    reconciledAt: "2026-11-27T00:16:35Z",
    summary: { images: ["123456789012.dkr.ecr.eu-west-1.amazonaws.com/nura-core:1.4.1"] },
    operationState: {
      operation: {
        sync: { revision: "9649bc4a04e39f870101acbdba193f630c4346c2" },
        initiatedBy: { username: "priya.raman" },
      },
      phase: "Running",
      message: "waiting for healthy state of apps/Deployment/nura-core",
      startedAt: "2026-11-23T20:38:00Z",
      syncResult: {
        revision: "9649bc4a04e39f870101acbdba193f630c4346c2",
        resources: [
          { kind: "Service", name: "nura-core", status: "Synced" },
          { kind: "Deployment", name: "nura-core", status: "SyncFailed" },
        ],
      },
    },
  },
};

describe("mapApplication", () => {
  it("maps status, newest deploy first, operation progress and image tag", () => {
    const a = mapApplication(applicationSchema.parse(recorded));
    expect(a).toMatchObject({
      name: "nura-core-staging",
      project: "nura",
      application: "nura-core",
      environment: "staging",
      syncStatus: "OutOfSync",
      health: "Degraded",
      healthMessage: "Deployment has timed out progressing.",
      imageTag: "1.4.1",
      autoSync: false,
      revision: "9649bc4a04e39f870101acbdba193f630c4346c2",
    });
    expect(a.lastDeploy).toEqual({
      id: 5,
      revision: "9649bc4a04e39f870101acbdba193f630c4346c2",
      deployedAt: "2026-11-23T20:38:30Z",
      startedAt: "2026-11-23T20:38:00Z",
      initiatedBy: { kind: "automated" },
    });
    expect(a.history.map((h) => h.id)).toEqual([5, 4]);
    expect(a.operation).toMatchObject({
      phase: "Running",
      resourcesTotal: 2,
      resourcesDone: 1,
      initiatedBy: { kind: "user", username: "priya.raman" },
    });
  });

  it("falls back to Unknown for enum values it does not know and tolerates an empty status", () => {
    const a = mapApplication(
      applicationSchema.parse({
        metadata: { name: "x" },
        status: { sync: { status: "Weird" }, health: { status: "Nope" } },
      }),
    );
    expect(a.syncStatus).toBe("Unknown");
    expect(a.health).toBe("Unknown");
    expect(a.lastDeploy).toBeNull();
    expect(mapApplication(applicationSchema.parse({ metadata: { name: "y" } })).imageTag).toBeNull();
  });

  it("maps a request Argo CD accepted but its controller has not started (.operation, no operationState)", () => {
    const a = mapApplication(
      applicationSchema.parse({
        metadata: { name: "nura-core-prod" },
        operation: {
          sync: { revision: "9649bc4a04e39f870101acbdba193f630c4346c2", syncStrategy: { hook: {} } },
          initiatedBy: { username: "proj:nura-system:portal" },
          retry: {},
        },
        status: { sync: { status: "OutOfSync" }, health: { status: "Healthy" } },
      }),
    );
    expect(a.operation).toBeNull();
    expect(a.requestedOperation).toEqual({
      revision: "9649bc4a04e39f870101acbdba193f630c4346c2",
      initiatedBy: { kind: "user", username: "proj:nura-system:portal" },
    });
    expect(mapApplication(applicationSchema.parse(recorded)).requestedOperation).toBeNull();
  });

  it("accepts Argo CD's empty list (items: null)", () => {
    expect(applicationListSchema.parse({ items: null }).items).toBeNull();
  });
});

describe("imageTagOf", () => {
  it.each([
    ["registry:5000/team/app:1.2.3", "1.2.3"],
    ["app:1.0@sha256:abc", "1.0"],
    ["registry:5000/team/app", null],
    ["app", null],
  ])("%s → %s", (image, tag) => expect(imageTagOf(image)).toBe(tag));
});

describe("mapResourceTree", () => {
  it("keeps parents, health and info of each node", () => {
    const nodes = mapResourceTree(
      resourceTreeSchema.parse({
        nodes: [
          {
            group: "apps",
            kind: "Deployment",
            name: "nura-core",
            namespace: "nura-prod",
            uid: "d1",
            health: { status: "Healthy" },
          },
          {
            kind: "Pod",
            name: "nura-core-abc",
            namespace: "nura-prod",
            uid: "p1",
            parentRefs: [{ uid: "rs1" }],
            health: { status: "Degraded" },
            info: [{ name: "Status Reason", value: "CrashLoopBackOff" }],
          },
        ],
      }),
    );
    expect(nodes[0]).toMatchObject({ kind: "Deployment", group: "apps", parentUids: [], health: "Healthy" });
    expect(nodes[1]).toMatchObject({ kind: "Pod", group: null, parentUids: ["rs1"], health: "Degraded" });
    expect(nodes[1]!.info).toEqual([{ name: "Status Reason", value: "CrashLoopBackOff" }]);
  });
});
