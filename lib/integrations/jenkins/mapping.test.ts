import { describe, expect, it } from "vitest";
import { upstreamExample } from "@/tests/integrations/upstream-examples";
import {
  completeUtf8Length,
  describeJenkinsError,
  jobPath,
  mapBuild,
  mapQueueItem,
  mapStages,
  queueIdFromLocation,
} from "./mapping";
import { buildSchema, queueItemSchema, runDescriptionSchema } from "./schemas";

// First source: payloads of real Jenkins kept by its clients and plugins as test data
// (contracts/examples/jenkins, origins in contracts/README.md). The hand-written ones below are the
// second source, for the states those fixtures do not show.
describe("on Jenkins' own payloads", () => {
  it("maps a running build (python-jenkins' get_running_builds fixture): no result yet, an estimate", () => {
    const b = buildSchema.parse(upstreamExample("jenkins/python-jenkins-running-build.json"));
    expect(mapBuild("test", b)).toEqual({
      job: "test",
      number: 1,
      building: true,
      result: null,
      startedAt: "2015-09-14T20:25:42.729Z",
      durationMs: 0,
      estimatedDurationMs: 20148,
      artifacts: [],
      url: "http://example.com/job/test/1/",
    });
  });

  it("maps the stages of a failed run (Pipeline Stage View's wfapi fixture)", () => {
    const [failed] = upstreamExample("jenkins/wfapi-runs-failed.json") as unknown[];
    const d = runDescriptionSchema.parse(failed);
    expect(d.status).toBe("FAILED");
    expect(mapStages(d)).toEqual([
      {
        id: "10",
        name: "Dev",
        status: "SUCCESS",
        startedAt: "2014-10-26T10:12:29.991Z",
        durationMs: 3018,
        error: null,
      },
      {
        id: "13",
        name: "QA",
        status: "SUCCESS",
        startedAt: "2014-10-26T10:12:33.009Z",
        durationMs: 35788,
        error: null,
      },
      {
        id: "27",
        name: "Staging",
        status: "FAILED",
        startedAt: "2014-10-26T10:13:08.797Z",
        durationMs: 300,
        error: null,
      },
    ]);
  });
});

describe("mapQueueItem", () => {
  it("reads a waiting, a blocked, a started and a cancelled item", () => {
    const waiting = queueItemSchema.parse({
      _class: "hudson.model.Queue$WaitingItem",
      id: 4,
      why: "In the quiet period.",
    });
    expect(mapQueueItem(waiting)).toEqual({ state: "queued", why: "In the quiet period.", blocked: false });
    const blocked = queueItemSchema.parse({
      _class: "hudson.model.Queue$BlockedItem",
      id: 5,
      blocked: true,
      why: "Build #3 is already in progress (ETA: 1 min 0 sec)",
    });
    expect(mapQueueItem(blocked)).toMatchObject({ state: "queued", blocked: true });
    const left = queueItemSchema.parse({
      _class: "hudson.model.Queue$LeftItem",
      id: 6,
      cancelled: false,
      executable: { number: 12, url: "http://j/job/x/12/" },
    });
    expect(mapQueueItem(left)).toEqual({ state: "started", buildNumber: 12 });
    const cancelled = queueItemSchema.parse({
      _class: "hudson.model.Queue$LeftItem",
      id: 7,
      cancelled: true,
      executable: null,
    });
    expect(mapQueueItem(cancelled)).toEqual({ state: "cancelled" });
  });
});

describe("mapBuild", () => {
  it("keeps result null while building and maps an unknown result to FAILURE", () => {
    const wire = {
      number: 3,
      url: "u",
      building: true,
      result: null,
      timestamp: 0,
      duration: 0,
      estimatedDuration: -1,
    };
    expect(mapBuild("j", buildSchema.parse(wire))).toMatchObject({
      result: null,
      estimatedDurationMs: null,
      artifacts: [],
    });
    const done = { ...wire, building: false, result: "WEIRD", estimatedDuration: 9000 };
    expect(mapBuild("j", buildSchema.parse(done))).toMatchObject({ result: "FAILURE", estimatedDurationMs: 9000 });
  });
});

describe("mapStages", () => {
  it("maps status, times and the error message", () => {
    const d = runDescriptionSchema.parse({
      id: "3",
      status: "FAILED",
      stages: [
        {
          id: "6",
          name: "Toolchain",
          status: "FAILED",
          startTimeMillis: 1000,
          durationMillis: 20,
          error: { message: "script returned exit code 1" },
        },
        { id: "13", name: "Plan", status: "NOT_EXECUTED", startTimeMillis: 0, durationMillis: 0 },
      ],
    });
    expect(mapStages(d)).toEqual([
      {
        id: "6",
        name: "Toolchain",
        status: "FAILED",
        startedAt: new Date(1000).toISOString(),
        durationMs: 20,
        error: "script returned exit code 1",
      },
      { id: "13", name: "Plan", status: "NOT_EXECUTED", startedAt: null, durationMs: 0, error: null },
    ]);
  });
});

describe("helpers", () => {
  it("parses the queue id from Location and builds folder job paths", () => {
    expect(queueIdFromLocation("http://j:8080/queue/item/42/")).toBe(42);
    expect(queueIdFromLocation("http://j:8080/job/x/")).toBeNull();
    expect(queueIdFromLocation(null)).toBeNull();
    expect(jobPath("team/nura infra")).toBe("/job/team/job/nura%20infra");
  });

  it("never cuts a console chunk inside a UTF-8 character", () => {
    const bytes = new TextEncoder().encode("ok → ✓");
    expect(completeUtf8Length(bytes)).toBe(bytes.length);
    expect(completeUtf8Length(bytes.subarray(0, bytes.length - 1))).toBe(bytes.length - 3);
    expect(completeUtf8Length(bytes.subarray(0, bytes.length - 2))).toBe(bytes.length - 3);
    expect(completeUtf8Length(new Uint8Array())).toBe(0);
  });

  it("takes the reason from Jenkins' HTML error page", () => {
    expect(describeJenkinsError(403, "<html><title>Error 403 No valid crumb was included in the request</title>")).toBe(
      "No valid crumb was included in the request",
    );
    expect(describeJenkinsError(500, "")).toBe("HTTP 500");
  });
});
