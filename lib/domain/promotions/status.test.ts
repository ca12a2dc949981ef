import { describe, expect, it } from "vitest";
// Imported statically: loading the overview module is slow on a busy machine, and a test's own
// timeout should not count it.
import { FINISHED_PROMOTION_STATUSES } from "@/lib/server/overview";
import {
  AWAITING_STATUSES,
  EXECUTING_STATUSES,
  isInFlight,
  isPromotionStatus,
  isTerminal,
  PROMOTION_STATUSES,
  TERMINAL_STATUSES,
} from "./status";

describe("promotion statuses", () => {
  it("are the strings the pages, the overview and Slack render", () => {
    expect([...PROMOTION_STATUSES].sort()).toEqual(
      [
        "requested",
        "approved",
        "committing",
        "syncing",
        "verifying",
        "rolling_back",
        "succeeded",
        "failed",
        "rolled_back",
        "rejected",
        "expired",
        "superseded",
        "cancelled",
      ].sort(),
    );
  });

  it("split into awaiting, executing and terminal, each status in exactly one", () => {
    const groups = [AWAITING_STATUSES, EXECUTING_STATUSES, TERMINAL_STATUSES].flat();
    expect([...groups].sort()).toEqual([...PROMOTION_STATUSES].sort());
    expect(new Set(groups).size).toBe(groups.length);
  });

  it("match the finished statuses lib/server/overview counts out of the pending badge", () => {
    expect([...TERMINAL_STATUSES].sort()).toEqual([...FINISHED_PROMOTION_STATUSES].sort());
  });

  it("in flight = known and not terminal", () => {
    for (const s of PROMOTION_STATUSES) expect(isInFlight(s)).toBe(!isTerminal(s));
    expect(isInFlight("rolled-back")).toBe(false);
    expect(isPromotionStatus("rolled-back")).toBe(false);
    expect(isPromotionStatus("toString")).toBe(false);
  });
});
