// waitFor must report what its last attempt did, not swallow it or report an earlier one.
import { describe, expect, it } from "vitest";
import { waitFor } from "./helpers";

describe("waitFor", () => {
  it("returns the first truthy value", async () => {
    let n = 0;
    await expect(waitFor("third try", async () => (++n >= 3 ? n : false), 2_000, 1)).resolves.toBe(3);
  });

  it("reports the last attempt's assertion failure, with the error as cause", async () => {
    let n = 0;
    const failure = await waitFor(
      "rows",
      async () => {
        n += 1;
        expect(n, "row count").toBe(-1);
        return true;
      },
      50,
      5,
    ).catch((e: Error) => e);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toMatch(
      /waiting for rows; the last attempt failed: row count: expected \d+ to be -1/,
    );
    expect((failure as Error).message).toContain(`expected ${n} to be -1`);
    expect((failure as Error).cause).toBeInstanceOf(Error);
  });

  it("does not let an early failure stand in for a later falsy answer", async () => {
    let n = 0;
    const failure = await waitFor(
      "ready",
      async () => {
        n += 1;
        if (n === 1) throw new Error("connection refused");
        return false;
      },
      50,
      5,
    ).catch((e: Error) => e);
    expect((failure as Error).message).toMatch(/the last attempt returned false$/);
    expect((failure as Error).message).not.toContain("connection refused");
  });

  it("makes at least one attempt even with no time", async () => {
    let n = 0;
    await expect(waitFor("instant", async () => ++n, 0)).resolves.toBe(1);
  });
});
