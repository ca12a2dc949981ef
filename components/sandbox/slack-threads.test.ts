import { describe, expect, it } from "vitest";
import { groupThreads } from "./slack-threads";

const m = (ts: string, threadTs?: string, channel = "C1") => ({ ts, threadTs, channel });

describe("groupThreads", () => {
  it("nests replies under their root, roots newest first, replies oldest first", () => {
    const threads = groupThreads([m("5.0", "1.0"), m("4.0"), m("3.0", "1.0"), m("1.0"), m("2.0", "4.0")]);
    expect(threads.map((t) => [t.message.ts, t.replies.map((r) => r.ts)])).toEqual([
      ["4.0", ["2.0"]],
      ["1.0", ["3.0", "5.0"]],
    ]);
  });

  it("keeps a reply whose root is elsewhere (another channel, cleared) as its own entry", () => {
    const threads = groupThreads([m("2.0", "1.0", "C2"), m("1.0", undefined, "C1")]);
    expect(threads.map((t) => t.message.ts)).toEqual(["2.0", "1.0"]);
  });
});
