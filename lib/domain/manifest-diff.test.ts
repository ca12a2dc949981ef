import { describe, expect, it } from "vitest";
import { changedLines, manifestDiff, manifestYaml } from "./manifest-diff";

const deployment = (image: string) =>
  JSON.stringify({ kind: "Deployment", metadata: { name: "core" }, spec: { replicas: 2, image } });

describe("manifestDiff", () => {
  it("marks the live line as removed and the desired one as added, the rest unchanged", () => {
    const diff = manifestDiff(manifestYaml(deployment("core:1.4.1")), manifestYaml(deployment("core:1.4.2")));
    expect(diff.filter((l) => l.sign !== " ")).toEqual([
      { sign: "-", text: "  image: core:1.4.1" },
      { sign: "+", text: "  image: core:1.4.2" },
    ]);
    expect(diff.find((l) => l.text === "  replicas: 2")?.sign).toBe(" ");
    expect(changedLines(diff)).toBe(2);
  });

  it("shows a resource missing from the cluster as all added, and an identical one as no change", () => {
    const desired = manifestYaml(deployment("core:1"));
    expect(manifestDiff(null, desired).every((l) => l.sign === "+")).toBe(true);
    expect(changedLines(manifestDiff(desired, desired))).toBe(0);
  });

  it("keeps non-JSON text as it came, and null as null", () => {
    expect(manifestYaml("not json")).toBe("not json");
    expect(manifestYaml(null)).toBeNull();
  });
});
