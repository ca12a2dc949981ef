import { describe, expect, it, vi } from "vitest";
import type { GitOpsApplication, RevisionInfo } from "@/lib/integrations/git/api";
import { createRevisionCache } from "./revision-info";

const app: GitOpsApplication = {
  name: "nura-api",
  valuesFiles: { dev: "helm/nura-api/values-dev.yaml" },
  imageTagPath: "image.tag",
};
const info = (sha: string, tag: string): RevisionInfo => ({
  sha,
  author: "Diego Developer",
  email: "diego@example.com",
  date: "2026-12-01T10:00:00Z",
  message: `promote(nura-api): ${tag} to dev`,
  imageTag: tag,
});

describe("revision cache", () => {
  it("asks git once per revision: a second lookup is answered from memory", async () => {
    const describeRevisions = vi.fn(async (_a: GitOpsApplication, _e: string, shas: readonly string[]) => {
      return new Map(shas.map((s) => [s, info(s, `1.0.${s}`)]));
    });
    const cache = createRevisionCache(describeRevisions);
    expect((await cache.lookup(app, "dev", ["a1", "b2"])).revisions.a1?.imageTag).toBe("1.0.a1");
    const again = await cache.lookup(app, "dev", ["a1", "b2", "c3"]);
    expect(Object.keys(again.revisions).sort()).toEqual(["a1", "b2", "c3"]);
    expect(describeRevisions).toHaveBeenCalledTimes(2);
    expect(describeRevisions.mock.calls[1]?.[2]).toEqual(["c3"]);
  });

  it("keys by environment: the same commit deploys a different tag in another values file", async () => {
    const describeRevisions = vi.fn(async (_a: GitOpsApplication, env: string, shas: readonly string[]) => {
      return new Map(shas.map((s) => [s, info(s, env === "dev" ? "2.0.0" : "1.9.0")]));
    });
    const cache = createRevisionCache(describeRevisions);
    expect((await cache.lookup(app, "dev", ["a1"])).revisions.a1?.imageTag).toBe("2.0.0");
    expect((await cache.lookup(app, "staging", ["a1"])).revisions.a1?.imageTag).toBe("1.9.0");
  });

  it("asks again about a SHA git did not have only after the retry interval", async () => {
    let t = 0;
    const describeRevisions = vi.fn(async () => new Map<string, RevisionInfo>());
    const cache = createRevisionCache(describeRevisions, { missingRetryMs: 60_000, now: () => t });
    await cache.lookup(app, "dev", ["dead"]);
    await cache.lookup(app, "dev", ["dead"]);
    expect(describeRevisions).toHaveBeenCalledTimes(1);
    t = 60_000;
    await cache.lookup(app, "dev", ["dead"]);
    expect(describeRevisions).toHaveBeenCalledTimes(2);
  });

  it("answers without waiting longer than waitMs for a slow git, and uses its answer next time", async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const describeRevisions = vi.fn(async (_a: GitOpsApplication, _e: string, shas: readonly string[]) => {
      await gate;
      return new Map(shas.map((s) => [s, info(s, "3.1.4")]));
    });
    const cache = createRevisionCache(describeRevisions, { waitMs: 10 });
    expect((await cache.lookup(app, "dev", ["a1"])).revisions).toEqual({});
    release();
    await vi.waitFor(async () => expect((await cache.lookup(app, "dev", ["a1"])).revisions.a1?.imageTag).toBe("3.1.4"));
    expect(describeRevisions).toHaveBeenCalledTimes(1);
  });

  it("reports a failed read and keeps what it knew", async () => {
    const describeRevisions = vi
      .fn()
      .mockResolvedValueOnce(new Map([["a1", info("a1", "1.0.0")]]))
      .mockRejectedValueOnce(new Error("git: repository not found"));
    const cache = createRevisionCache(describeRevisions);
    await cache.lookup(app, "dev", ["a1"]);
    const r = await cache.lookup(app, "dev", ["a1", "b2"]);
    expect(r.revisions.a1?.imageTag).toBe("1.0.0");
    expect(r.error).toBe("git: repository not found");
  });
});
