import { describe, expect, it } from "vitest";
import {
  applicationHeading,
  environmentHeading,
  promotionHeading,
  promotionRequestHeading,
  runHeading,
} from "./page-headings";

describe("page headings", () => {
  it("names the environment and the application in it", () => {
    expect(environmentHeading({ displayName: "Staging" })).toBe("Staging");
    expect(applicationHeading("nura-portal", { displayName: "Staging" })).toBe("nura-portal in Staging");
  });

  it("names a promotion by application, tag and target; an unknown request tag is a ?", () => {
    expect(promotionHeading({ application: "nura-api", imageTag: "1.4.2", toEnvironmentName: "Production" })).toBe(
      "nura-api 1.4.2 → Production",
    );
    expect(promotionRequestHeading({ application: "nura-api", imageTag: null, toEnvironmentName: "Staging" })).toBe(
      "Promote nura-api ? → Staging",
    );
  });

  it("adds the Jenkins build to a run once it has one", () => {
    const run = { kind: "plan" as const, environment: "dev", jenkinsJob: "infra-plan", buildNumber: null };
    expect(runHeading(run)).toBe("Plan dev");
    expect(runHeading({ ...run, kind: "apply", buildNumber: 7 })).toBe("Apply dev · infra-plan #7");
  });
});
