// DORA's lead time starts at the tag's first GitOps commit in dev: read from a real git repository
// (the sandbox's seed, then another writer's commits with known dates), measured through doraView
// on real PostgreSQL, with the portal's own records only where git cannot say.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseHistoryFilters } from "@/lib/domain/promotion-filters";
import { readScalarAt, setScalarAt } from "@/lib/domain/values-edit";
import type { GitOpsApi } from "@/lib/integrations/git/api";
import { doraView, type FirstCommitLookup, tagKey } from "@/lib/server/promotion-views/dora";
import { gitFirstCommitLookup, requestedOutOfFirstLookup } from "@/lib/server/promotion-views/first-commit";
import { openDb } from "../audit/support";
import { app, catalog, client, git, makeRemote, otherWriter, type TestRemote } from "../integrations/git-support";

const db = openDb(2);
const DEV = "helm/nura-core/values-dev.yaml";
const core = app("nura-core");
let remote: TestRemote;
let gitops: GitOpsApi;
const shas: Record<string, string> = {};

/** Jenkins' dev deploy of `tag`, authored at `date`. */
function devCommit(writer: ReturnType<typeof otherWriter>, tag: string, date: string, key = tag) {
  process.env.GIT_AUTHOR_DATE = date;
  process.env.GIT_COMMITTER_DATE = date;
  try {
    shas[key] = writer.change(DEV, (t) => setScalarAt(t, core.imageTagPath, tag).text, `ci(nura-core): ${tag} to dev`);
  } finally {
    delete process.env.GIT_AUTHOR_DATE;
    delete process.env.GIT_COMMITTER_DATE;
  }
}

beforeAll(async () => {
  remote = await makeRemote();
  gitops = client(remote);
  const jenkins = otherWriter(remote, "jenkins");
  devCommit(jenkins, "7.0.0", "2026-11-01T10:00:00Z");
  devCommit(jenkins, "7.1.0", "2026-11-03T10:00:00Z");
  devCommit(jenkins, "7.0.0", "2026-11-04T10:00:00Z", "7.0.0-again"); // back again: not its first commit
}, 60_000);
afterAll(async () => {
  remote?.cleanup();
  await db.$disconnect();
});

describe("firstCommitsOfTags (the GitOps adapter)", () => {
  it("names the oldest commit at which dev's values file deploys each tag; an unknown tag is absent", async () => {
    const found = await gitops.firstCommitsOfTags(core, "dev", ["7.0.0", "7.1.0", "0.0.0-never"]);
    expect([...found.keys()].sort()).toEqual(["7.0.0", "7.1.0"]);
    const at = (tag: string) => new Date(found.get(tag)!.date).toISOString();
    expect([found.get("7.0.0")?.sha, at("7.0.0")]).toEqual([shas["7.0.0"], "2026-11-01T10:00:00.000Z"]);
    expect([found.get("7.1.0")?.sha, at("7.1.0")]).toEqual([shas["7.1.0"], "2026-11-03T10:00:00.000Z"]);
    // the seed's own history: its oldest dev commit of the tag dev ran first
    const seeded = git(remote.bare, ["log", "--reverse", "--format=%H", "main", "--", DEV]).trim().split("\n")[0]!;
    const firstTag = readScalarAt(git(remote.bare, ["show", `${seeded}:${DEV}`]), core.imageTagPath);
    expect((await gitops.firstCommitsOfTags(core, "dev", [firstTag])).get(firstTag)?.sha).toBe(seeded);
  });
});

describe("gitFirstCommitLookup", () => {
  it("asks git once per unknown tag, remembers what it found, and leaves only the rest to the records", async () => {
    let reads = 0;
    const counting = {
      firstCommitsOfTags: (...a: Parameters<GitOpsApi["firstCommitsOfTags"]>) => {
        reads++;
        return gitops.firstCommitsOfTags(...a);
      },
    };
    const asked: string[][] = [];
    const fallback: FirstCommitLookup = async (tags) => {
      asked.push(tags.map((t) => t.imageTag));
      return new Map(tags.map((t) => [tagKey(t.application, t.imageTag), new Date("2026-11-05T00:00:00Z")]));
    };
    const lookup = gitFirstCommitLookup(counting, catalog, fallback, new Map());
    const tags = [
      { application: "nura-core", imageTag: "7.1.0" },
      { application: "nura-core", imageTag: "0.0.0-never" },
    ];
    const first = await lookup(tags);
    expect(first.get(tagKey("nura-core", "7.1.0"))?.toISOString()).toBe("2026-11-03T10:00:00.000Z");
    expect(first.get(tagKey("nura-core", "0.0.0-never"))?.toISOString()).toBe("2026-11-05T00:00:00.000Z");
    expect(asked).toEqual([["0.0.0-never"]]);
    await lookup([tags[0]!]);
    expect(reads).toBe(1); // 7.1.0 came from the cache
  });

  it("falls back to the records for everything when git fails", async () => {
    const broken = { firstCommitsOfTags: async () => Promise.reject(new Error("remote unreachable")) };
    const lookup = gitFirstCommitLookup(broken, catalog, async () => new Map([["k", new Date(0)]]), new Map());
    expect([...(await lookup([{ application: "nura-core", imageTag: "7.1.0" }])).keys()]).toEqual(["k"]);
  });
});

describe("DORA lead time", () => {
  it("runs from the tag's first dev commit, not from the promotion's request", async () => {
    const user = await db.user.create({
      data: { email: `lead-${crypto.randomUUID()}@dora.test`, name: "Lead", source: "sandbox" },
    });
    // 7.1.0: committed to dev 2026-11-03 10:00; requested to staging on the 5th at 08:00, succeeded at 10:00.
    await db.promotion.create({
      data: {
        application: "nura-core",
        fromEnvironment: "dev",
        toEnvironment: "staging",
        imageTag: "7.1.0",
        status: "succeeded",
        requestedById: user.id,
        createdAt: new Date("2026-11-05T08:00:00Z"),
        deployedAt: new Date("2026-11-05T09:00:00Z"),
        finishedAt: new Date("2026-11-05T10:00:00Z"),
      },
    });
    const f = parseHistoryFilters({ application: "nura-core", environment: "staging", window: "7d" });
    const now = new Date("2026-11-06T00:00:00Z");
    const records = requestedOutOfFirstLookup(db, catalog);
    const fromGit = await doraView(db, catalog, f, gitFirstCommitLookup(gitops, catalog, records, new Map()), now);
    expect(fromGit.overall.summary.leadTimeMedianMs).toBe(48 * 3_600_000); // 11-03 10:00 → 11-05 10:00
    // what the records alone would say: from the request (2 h)
    expect((await doraView(db, catalog, f, records, now)).overall.summary.leadTimeMedianMs).toBe(2 * 3_600_000);
  });
});
