// The application page's history rows read the GitOps repository with real git: for each revision
// Argo CD deployed, the commit's subject and the tag the environment's values file held there.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GitOpsApi } from "@/lib/integrations/git/api";
import { app, client, git, makeRemote, otherWriter, type TestRemote } from "../integrations/git-support";

let remote: TestRemote;
let gitops: GitOpsApi;
const api = app("nura-core");
const devValues = api.valuesFiles.dev!;

beforeAll(async () => {
  remote = await makeRemote();
  gitops = client(remote);
});
afterAll(() => remote?.cleanup());

const setTag = (tag: string) => (text: string) => text.replace(/^(\s+tag:\s*).*$/m, `$1"${tag}"`);

describe("describeRevisions", () => {
  it("gives each known commit its subject and the values file's tag at that commit", async () => {
    const writer = otherWriter(remote);
    const first = writer.change(devValues, setTag("7.7.1"), "ci(nura-core): 7.7.1 to dev");
    const second = writer.change(devValues, setTag("7.7.2"), "ci(nura-core): 7.7.2 to dev");
    const found = await gitops.describeRevisions(api, "dev", [second, first, first.slice(0, 12)]);
    expect(found.get(second)).toMatchObject({ sha: second, imageTag: "7.7.2", message: "ci(nura-core): 7.7.2 to dev" });
    expect(found.get(first)).toMatchObject({ imageTag: "7.7.1", author: "Jenkins" });
    // An abbreviated SHA (as some Argo CD views show them) resolves to the same commit.
    expect(found.get(first.slice(0, 12))?.sha).toBe(first);
    // The same commit read through another environment's file: that file's tag, not dev's.
    const staging = await gitops.describeRevisions(api, "staging", [second]);
    const stagingTag = git(remote.bare, ["show", `${second}:${api.valuesFiles.staging}`]).match(
      /tag:\s*"?([^"\s]+)/,
    )?.[1];
    expect(staging.get(second)?.imageTag).toBe(stagingTag);
  });

  it("leaves out SHAs the repository does not have and never passes a non-SHA to git", async () => {
    const head = remote.head();
    const found = await gitops.describeRevisions(api, "dev", ["0".repeat(40), "--all", "main", head]);
    expect([...found.keys()]).toEqual([head]);
  });
});
