import { describe, expect, it } from "vitest";
import { lostRefRace, parsePorcelainPush } from "./push";

// What git 2.39's local receive-pack printed when two portal processes pushed to one remote at
// once (tests/promotions/processes.integration-test.ts): the second push passed the fast-forward
// check, then lost the ref's compare-and-swap to the first.
const ref = "refs/heads/main";
const rejected = parsePorcelainPush(`To /r.git\n!\tHEAD:${ref}\t[remote rejected] (failed to update ref)\nDone\n`, ref);

describe("a push that lost the race for the remote's ref", () => {
  it("is a race to retry, like non-fast-forward, when git says the ref moved or was locked", () => {
    expect(rejected).toEqual({ ok: false, nonFastForward: false, reason: "failed to update ref" });
    const moved =
      "error: cannot lock ref 'refs/heads/main': is at 28692ce44d171c09ca680f9e651d7139c04d31b0 but expected fdb8436169955f1a49433c4e1ff6af585ae479f5\n" +
      "To /r.git\n ! [remote rejected] HEAD -> main (failed to update ref)\n";
    expect(lostRefRace(rejected, moved)).toBe(true);
    const locked =
      "error: cannot lock ref 'refs/heads/main': Unable to create '/r.git/refs/heads/main.lock': File exists.\n";
    expect(lostRefRace(rejected, locked)).toBe(true);
  });

  it("is still a refusal for anything else the remote rejects", () => {
    expect(lostRefRace(rejected, "error: insufficient permission for adding an object\n")).toBe(false);
    const hook = parsePorcelainPush(`!\tHEAD:${ref}\t[remote rejected] (pre-receive hook declined)\n`, ref);
    expect(lostRefRace(hook, "error: cannot lock ref 'refs/heads/main': is at a but expected b\n")).toBe(false);
    expect(lostRefRace({ ok: true }, "")).toBe(false);
  });
});
