import { describe, expect, it } from "vitest";
import { buildResourceTree } from "./resource-tree";

const n = (uid: string, kind: string, name: string, parentUids: string[] = []) => ({ uid, kind, name, parentUids });

describe("buildResourceTree", () => {
  it("nests pods under replica sets under the deployment, roots ordered by kind", () => {
    const tree = buildResourceTree([
      n("p2", "Pod", "core-abc-2", ["rs1"]),
      n("svc", "Service", "core"),
      n("rs1", "ReplicaSet", "core-abc", ["d"]),
      n("p1", "Pod", "core-abc-1", ["rs1"]),
      n("d", "Deployment", "core"),
    ]);
    expect(tree.map((t) => t.node.uid)).toEqual(["d", "svc"]);
    expect(tree[0]!.children[0]!.node.uid).toBe("rs1");
    expect(tree[0]!.children[0]!.children.map((c) => c.node.uid)).toEqual(["p1", "p2"]);
  });
  it("makes orphans (parent not listed) roots", () => {
    expect(buildResourceTree([n("p", "Pod", "x", ["gone"])]).map((t) => t.node.uid)).toEqual(["p"]);
  });
});
