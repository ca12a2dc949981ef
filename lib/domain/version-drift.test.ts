import { describe, expect, it } from "vitest";
import { describeVersionPath, hasDrift, versionPath } from "./version-drift";

const path = ["dev", "staging", "prod"] as const;
const tags = (t: Record<string, string | null>) => (env: string) => t[env] ?? null;

describe("versionPath", () => {
  it("compares each environment with the one before it along the promotion path", () => {
    const steps = versionPath(path, tags({ dev: "1.4.3", staging: "1.4.2", prod: "1.4.2" }));
    expect(steps).toEqual([
      { environment: "dev", tag: "1.4.3", mark: "first", previous: null },
      { environment: "staging", tag: "1.4.2", mark: "behind", previous: "dev" },
      { environment: "prod", tag: "1.4.2", mark: "same", previous: "staging" },
    ]);
    expect(hasDrift(steps)).toBe(true);
    expect(describeVersionPath(steps)).toBe("dev 1.4.3, staging 1.4.2 (behind dev), prod 1.4.2");
  });

  it("marks a newer tag further down the path as ahead, and unknown tags as unknown", () => {
    const steps = versionPath(path, tags({ dev: "1.4.2", staging: null, prod: "1.10.0" }));
    expect(steps.map((s) => s.mark)).toEqual(["first", "unknown", "unknown"]);
    const hotfix = versionPath(path, tags({ dev: "1.4.2", staging: "1.4.2", prod: "1.4.2-hotfix1" }));
    expect(hotfix.map((s) => s.mark)).toEqual(["first", "same", "behind"]);
    const ahead = versionPath(path, tags({ dev: "1.4.2", staging: "1.10.0", prod: "1.10.0" }));
    expect(ahead.map((s) => s.mark)).toEqual(["first", "ahead", "same"]);
    expect(describeVersionPath(ahead)).toBe("dev 1.4.2, staging 1.10.0 (ahead of dev), prod 1.10.0");
  });

  it("has no drift when every environment runs the same tag", () => {
    expect(hasDrift(versionPath(path, tags({ dev: "2.0.0", staging: "2.0.0", prod: "2.0.0" })))).toBe(false);
    expect(describeVersionPath(versionPath(["dev"], tags({})))).toBe("dev unknown");
  });
});
