import { describe, expect, it } from "vitest";
import { isGitError } from "./errors";
import { promotionMessage, revertMessage, rollbackMessage } from "./message";
import { parsePorcelainPush, remoteMessage } from "./push";

const SHA = "0123456789abcdef0123456789abcdef01234567";

describe("commit messages", () => {
  it("promotion: subject, a blank line, then one trailer block (approvers deduplicated by e-mail)", () => {
    expect(
      promotionMessage({
        application: "nura-core",
        imageTag: "1.4.2",
        environment: "prod",
        promotionId: "p-1",
        approvers: [
          { name: "Alex", email: "alex@x.example" },
          { name: "Sam", email: "sam@x.example" },
          { name: "Alex again", email: "ALEX@x.example" },
        ],
      }),
    ).toBe(
      "promote(nura-core): 1.4.2 to prod\n\nPromotion-Id: p-1\nApproved-by: Alex <alex@x.example>\nApproved-by: Sam <sam@x.example>\n",
    );
  });

  it("revert: git's own wording plus the promotion and the reason, trailers last", () => {
    expect(
      revertMessage({
        revertedSubject: "promote(nura-core): 1.4.2 to prod",
        commitSha: SHA,
        promotionId: "p-1",
        reason: "Degraded:\n  pods crash-looping",
      }),
    ).toBe(
      `Revert "promote(nura-core): 1.4.2 to prod"\n\nPromotion p-1 rolled back: Degraded: pods crash-looping\n\nThis reverts commit ${SHA}.\n\nPromotion-Id: p-1\nReverts: ${SHA}\n`,
    );
  });

  it("rollback: names the earlier promotion", () => {
    expect(
      rollbackMessage({
        application: "nura-ui",
        imageTag: "2.0.1",
        environment: "staging",
        promotionId: "rb-9",
        rollsBackTo: "p-3",
        reason: "error ratio",
        approvers: [],
      }),
    ).toBe(
      "rollback(nura-ui): 2.0.1 to staging\n\nBack to promotion p-3: error ratio\n\nPromotion-Id: rb-9\nRolls-back-to: p-3\n",
    );
  });

  it.each([
    [{ imageTag: "1.0\nPromotion-Id: forged" }, /not a valid image tag/],
    [{ promotionId: "a b" }, /promotion id "a b"/],
    [{ approvers: [{ name: "M <m@x>", email: "m@x.example" }] }, /name .* cannot go into a commit/],
    [{ approvers: [{ name: "M", email: "m@x.example\nReverts: x" }] }, /is not an address/],
  ])("refuses %j", (bad, message) => {
    const call = () =>
      promotionMessage({
        application: "a",
        imageTag: "1.0.0",
        environment: "dev",
        promotionId: "p",
        approvers: [],
        ...bad,
      });
    expect(call).toThrow(message);
    try {
      call();
    } catch (err) {
      expect(isGitError(err, "invalid_input")).toBe(true);
    }
  });
});

describe("git push --porcelain", () => {
  const ref = "refs/heads/main";
  it("reads success, non-fast-forward and remote refusals", () => {
    expect(parsePorcelainPush(`To /r.git\n \tHEAD:${ref}\tabc..def\nDone\n`, ref)).toEqual({ ok: true });
    expect(parsePorcelainPush(`To /r.git\n!\tHEAD:${ref}\t[rejected] (fetch first)\nDone\n`, ref)).toEqual({
      ok: false,
      nonFastForward: true,
      reason: "fetch first",
    });
    expect(parsePorcelainPush(`!\tHEAD:${ref}\t[rejected] (non-fast-forward)\n`, ref)).toMatchObject({
      nonFastForward: true,
    });
    expect(parsePorcelainPush(`!\tHEAD:${ref}\t[remote rejected] (pre-receive hook declined)\n`, ref)).toEqual({
      ok: false,
      nonFastForward: false,
      reason: "pre-receive hook declined",
    });
    expect(parsePorcelainPush("", ref)).toMatchObject({ ok: false, nonFastForward: false });
  });

  it("keeps the remote's own words", () => {
    expect(remoteMessage("remote: main is frozen        \nremote: ask #release\nTo /r.git\n")).toBe(
      "main is frozen\nask #release",
    );
  });
});
