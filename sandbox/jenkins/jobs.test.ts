import { describe, expect, it } from "vitest";

// Jenkins-style ${PARAM} references are the subject of these tests, not template mistakes.
const ref = (name: string) => `\${${name}}`;

import { interpolate, JobsFileError, parseJobs } from "./jobs";

describe("parseJobs", () => {
  it("reads the list form with typed parameters, environment and lock", () => {
    const [job] = parseJobs(
      `jobs:
  - name: plan
    lock: infra-\${ENVIRONMENT}
    parameters:
      - { name: ENVIRONMENT, type: choice, choices: [dev, prod] }
      - { name: DRY, default: true }
    environment: { ARTIFACTS_DIR: artifacts }
    stages: [{ name: Plan, command: scripts/ci/tofu-plan.sh }]
`,
      "t",
    );
    expect(job).toMatchObject({
      name: "plan",
      lock: `infra-${ref("ENVIRONMENT")}`,
      environment: { ARTIFACTS_DIR: "artifacts" },
    });
    expect(job!.parameters).toEqual([
      { name: "ENVIRONMENT", type: "choice", default: "dev", choices: ["dev", "prod"], description: undefined },
      { name: "DRY", type: "boolean", default: "true", choices: undefined, description: undefined },
    ]);
  });
  it("reads the map form", () => {
    const jobs = parseJobs(
      "jobs:\n  hello:\n    parameters: { WHO: world }\n    stages: [{ name: Hi, command: echo hi }]\n",
      "t",
    );
    expect(jobs[0]).toMatchObject({ name: "hello", parameters: [{ name: "WHO", default: "world" }] });
  });
  it("names the bad key", () => {
    expect(() => parseJobs("jobs:\n  - name: x\n    stages: []\n", "jobs.yaml")).toThrow(JobsFileError);
    expect(() => parseJobs("jobs:\n  - name: x\n    stages: []\n", "jobs.yaml")).toThrow(/jobs\.0\.stages/);
  });
});

describe("interpolate", () => {
  it("expands known parameters and leaves unknown references", () => {
    expect(interpolate(`nura-${ref("ENVIRONMENT")}-${ref("X")}`, { ENVIRONMENT: "prod" })).toBe(
      `nura-prod-${ref("X")}`,
    );
  });
});
