import { describe, expect, it } from "vitest";
import { releasesFor, releaseTrain } from "./release-train";

describe("releaseTrain", () => {
  it("orders the finals, fills patch gaps and adds older releases", () => {
    expect(releaseTrain(["1.4.2", "1.4.1", "1.3.7"])).toEqual([
      "1.3.4",
      "1.3.5",
      "1.3.6",
      "1.3.7",
      "1.4.0",
      "1.4.1",
      "1.4.2",
    ]);
  });
  it("keeps non-semver tags as they are", () => {
    expect(releaseTrain(["main-abc123", "main-abc123"])).toEqual(["main-abc123"]);
  });
});

describe("releasesFor", () => {
  it("gives an environment every release up to its final tag, newest last", () => {
    const train = ["1.0.0", "1.0.1", "1.0.2", "1.1.0"];
    expect(releasesFor(train, "1.0.2")).toEqual(["1.0.0", "1.0.1", "1.0.2"]);
    expect(releasesFor(train, "1.1.0", 2)).toEqual(["1.0.2", "1.1.0"]);
    expect(releasesFor(train, "9.9.9")).toEqual(["9.9.9"]);
  });
});
