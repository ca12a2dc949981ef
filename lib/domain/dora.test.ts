import { describe, expect, it } from "vitest";
import { type DeploymentRecord, doraReport, formatDuration, median, restoreTimesMs } from "./dora";

const at = (iso: string) => new Date(`2026-11-${iso}Z`);
const dep = (p: Partial<DeploymentRecord> & Pick<DeploymentRecord, "outcome" | "deployedAt" | "finishedAt">) => ({
  application: "nura-core",
  environment: "prod",
  imageTag: "1.0.0",
  ...p,
});
const window = { from: at("24T00:00:00"), to: at("30T23:59:59") };

describe("median", () => {
  it("takes the middle value, or the mean of the two middle values", () => {
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe("restoreTimesMs", () => {
  it("a rollback restores when it completes; a plain failure when the next success lands", () => {
    const deps = [
      dep({ outcome: "succeeded", deployedAt: at("25T10:00:00"), finishedAt: at("25T10:05:00") }),
      dep({ outcome: "rolled_back", deployedAt: at("26T10:00:00"), finishedAt: at("26T10:07:00") }),
      dep({ outcome: "failed", deployedAt: at("27T10:00:00"), finishedAt: at("27T10:02:00") }),
      dep({ outcome: "failed", deployedAt: at("27T11:00:00"), finishedAt: at("27T11:02:00") }),
      dep({ outcome: "succeeded", deployedAt: at("27T12:00:00"), finishedAt: at("27T12:10:00") }),
    ];
    expect(restoreTimesMs(deps)).toEqual([7 * 60_000, 130 * 60_000, 70 * 60_000]);
  });

  it("a failure not yet followed by a success has no restore time", () => {
    expect(
      restoreTimesMs([dep({ outcome: "failed", deployedAt: at("27T10:00:00"), finishedAt: at("27T10:01:00") })]),
    ).toEqual([]);
  });
});

describe("doraReport", () => {
  const deployments: DeploymentRecord[] = [
    dep({ imageTag: "1.0.0", outcome: "succeeded", deployedAt: at("25T10:00:00"), finishedAt: at("25T10:10:00") }),
    dep({ imageTag: "1.1.0", outcome: "succeeded", deployedAt: at("26T09:00:00"), finishedAt: at("26T09:20:00") }),
    dep({
      imageTag: "1.2.0-bad",
      outcome: "rolled_back",
      deployedAt: at("26T12:00:00"),
      finishedAt: at("26T12:06:00"),
    }),
    dep({
      environment: "staging",
      imageTag: "1.1.0",
      outcome: "succeeded",
      deployedAt: at("25T08:00:00"),
      finishedAt: at("25T08:03:00"),
    }),
    // outside the window: ignored
    dep({ imageTag: "0.9.0", outcome: "failed", deployedAt: at("01T10:00:00"), finishedAt: at("01T10:01:00") }),
  ];
  const firstCommits: Record<string, Date> = { "1.0.0": at("24T10:10:00"), "1.1.0": at("25T07:20:00") };
  const report = doraReport({
    deployments,
    firstCommitAt: (_app, tag) => firstCommits[tag] ?? null,
    window,
  });

  it("summarises the four keys over the window", () => {
    expect(report.summary).toEqual({
      deployments: 4,
      succeeded: 3,
      failures: 1,
      deploymentsPerDay: 0.43,
      changeFailureRate: 0.25,
      // 1.0.0: 24h; 1.1.0 in prod: 26h; 1.1.0 in staging: 0h43 → median 24 h
      leadTimeMedianMs: 24 * 3_600_000,
      timeToRestoreMedianMs: 6 * 60_000,
    });
  });

  it("gives one row per UTC day of the window, zeros included", () => {
    expect(report.days.map((d) => d.day)).toEqual([
      "2026-11-24",
      "2026-11-25",
      "2026-11-26",
      "2026-11-27",
      "2026-11-28",
      "2026-11-29",
      "2026-11-30",
    ]);
    expect(report.days[1]).toEqual({ day: "2026-11-25", succeeded: 2, failures: 0, leadTimeHours: 12.36 });
    expect(report.days[2]).toEqual({ day: "2026-11-26", succeeded: 1, failures: 1, leadTimeHours: 26 });
    expect(report.days[0]).toEqual({ day: "2026-11-24", succeeded: 0, failures: 0, leadTimeHours: null });
  });

  it("has nothing to say without deployments", () => {
    const empty = doraReport({ deployments: [], firstCommitAt: () => null, window });
    expect(empty.summary).toMatchObject({ deployments: 0, changeFailureRate: null, leadTimeMedianMs: null });
  });

  it("an unknown first commit leaves the lead time out rather than guessing", () => {
    const r = doraReport({ deployments: deployments.slice(0, 1), firstCommitAt: () => null, window });
    expect(r.summary.leadTimeMedianMs).toBeNull();
    expect(r.summary.succeeded).toBe(1);
  });
});

describe("formatDuration", () => {
  it.each([
    [null, "–"],
    [42_000, "42 s"],
    [17 * 60_000, "17 min"],
    [5.2 * 3_600_000, "5.2 h"],
    [74.4 * 3_600_000, "3.1 d"],
  ])("%s → %s", (ms, s) => expect(formatDuration(ms)).toBe(s));
});
