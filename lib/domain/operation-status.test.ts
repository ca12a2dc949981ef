import { describe, expect, it } from "vitest";
import { summariseOperation } from "./operation-status";

describe("summariseOperation", () => {
  it("says a failed or errored sync in words, with Argo CD's message", () => {
    expect(
      summariseOperation({ phase: "Failed", message: "one or more objects failed to apply, reason: ImagePullBackOff" }),
    ).toEqual({
      text: "Sync failed: one or more objects failed to apply, reason: ImagePullBackOff",
      tone: "bad",
      inProgress: false,
      failed: true,
    });
    expect(summariseOperation({ phase: "Error", message: "" })?.text).toBe("Sync errored");
  });

  it("shows a running sync's progress and keeps long messages short", () => {
    expect(summariseOperation({ phase: "Running", message: "x", resourcesDone: 3, resourcesTotal: 7 })).toMatchObject({
      text: "Syncing 3/7 resources…",
      inProgress: true,
    });
    expect(summariseOperation({ phase: "Running", message: null })?.text).toBe("Syncing…");
    const long = summariseOperation({ phase: "Failed", message: "a ".repeat(300) })?.text ?? "";
    expect(long.length).toBeLessThanOrEqual("Sync failed: ".length + 200);
    expect(long.endsWith("…")).toBe(true);
  });

  it("has nothing to say without an operation", () => {
    expect(summariseOperation(null)).toBeNull();
    expect(summariseOperation({ phase: "Succeeded", message: "ok" })).toMatchObject({ tone: "ok", failed: false });
  });
});
