import { describe, expect, it } from "vitest";
import type { ApplicationDetail } from "@/lib/server/applications/types";
import { applicationPollInterval, LIVE_PROGRESS_INTERVAL_MS } from "./applications";

type Status = NonNullable<ApplicationDetail["status"]>;
const status = (s: { phase?: string; requested?: boolean }) =>
  ({
    operation: s.phase ? { phase: s.phase } : null,
    requestedOperation: s.requested ? { revision: "main" } : null,
  }) as unknown as Status;

describe("applicationPollInterval", () => {
  it("polls every second while an operation runs or is only requested (not yet picked up), else at the page interval", () => {
    expect(applicationPollInterval(status({ phase: "Running" }), 10_000)).toBe(LIVE_PROGRESS_INTERVAL_MS);
    expect(applicationPollInterval(status({ phase: "Terminating" }), 10_000)).toBe(LIVE_PROGRESS_INTERVAL_MS);
    expect(applicationPollInterval(status({ requested: true }), 10_000)).toBe(LIVE_PROGRESS_INTERVAL_MS);
    expect(applicationPollInterval(status({ phase: "Succeeded", requested: true }), 10_000)).toBe(
      LIVE_PROGRESS_INTERVAL_MS,
    );
    expect(applicationPollInterval(status({ phase: "Succeeded" }), 10_000)).toBe(10_000);
    expect(applicationPollInterval(status({}), 10_000)).toBe(10_000);
    expect(applicationPollInterval(null, 10_000)).toBe(10_000);
  });
});
