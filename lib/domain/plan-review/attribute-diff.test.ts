import { describe, expect, it } from "vitest";
import { diffAttributes, flattenValue, formatPath } from "./attribute-diff";

const v = (text: string) => ({ kind: "value", text });

describe("formatPath", () => {
  it("joins identifiers with dots, indexes with brackets and quotes other keys", () => {
    expect(formatPath(["ingress", 0, "cidr_blocks", 1])).toBe("ingress[0].cidr_blocks[1]");
    expect(formatPath(["tags", "kubernetes.io/role/elb"])).toBe('tags["kubernetes.io/role/elb"]');
    expect(formatPath(["instance_class"])).toBe("instance_class");
  });
});

describe("flattenValue", () => {
  it("flattens nested objects and lists to leaf paths, keeping empty containers as leaves", () => {
    const { leaves } = flattenValue({ a: { b: 1, c: [true, "x"] }, empty: [], none: {} }, undefined, undefined);
    expect([...leaves.keys()]).toEqual(["a.b", "a.c[0]", "a.c[1]", "empty", "none"]);
    expect(leaves.get("a.c[1]")).toEqual(v('"x"'));
  });

  it("marks unknown leaves and whole unknown subtrees, even where after holds null", () => {
    const { leaves } = flattenValue({ id: null, tags: null, list: [null, 2] }, undefined, { id: true, list: [true] });
    expect(leaves.get("id")).toEqual({ kind: "unknown" });
    expect(leaves.get("list[0]")).toEqual({ kind: "unknown" });
    expect(leaves.get("list[1]")).toEqual(v("2"));
  });
});

describe("diffAttributes", () => {
  it("lists changed leaves of an update with before and after, and counts the unchanged ones", () => {
    const d = diffAttributes({
      before: { instance_class: "db.t4g.micro", port: 5432, tags: { Name: "a" } },
      after: { instance_class: "db.t4g.small", port: 5432, tags: { Name: "a", Team: "platform" } },
    });
    expect(d.changes).toEqual([
      { path: "instance_class", before: v('"db.t4g.micro"'), after: v('"db.t4g.small"'), forcesReplacement: false },
      { path: "tags.Team", before: { kind: "absent" }, after: v('"platform"'), forcesReplacement: false },
    ]);
    expect(d.unchanged).toBe(2);
  });

  it("says 'known after apply' for after_unknown and drops nulls on both sides", () => {
    const d = diffAttributes({
      before: undefined,
      after: { arn: null, name: "x", description: null },
      afterUnknown: { arn: true },
    });
    expect(d.changes.map((c) => [c.path, c.after.kind])).toEqual([
      ["arn", "unknown"],
      ["name", "value"],
    ]);
  });

  it("marks paths under replace_paths as forcing the replacement", () => {
    const d = diffAttributes({
      before: { engine_version: "15", ingress: [{ from_port: 80 }] },
      after: { engine_version: "16", ingress: [{ from_port: 443 }] },
      replacePaths: [["engine_version"], ["ingress"]],
    });
    expect(d.changes.map((c) => [c.path, c.forcesReplacement])).toEqual([
      ["engine_version", true],
      ["ingress[0].from_port", true],
    ]);
  });

  it("never exposes a sensitive value, on either side, and masks the other side of the same path", () => {
    const d = diffAttributes({
      before: { auth_token: "old-secret-1", password: "pw-before", nested: { key: "k-1", plain: "p" } },
      after: { auth_token: "new-secret-2", password: "pw-after", nested: { key: "k-2", plain: "q" } },
      beforeSensitive: { auth_token: true, nested: { key: true } },
      afterSensitive: { auth_token: true, password: true, nested: { key: true } },
    });
    const text = JSON.stringify(d);
    for (const secret of ["old-secret-1", "new-secret-2", "pw-before", "pw-after", "k-1", "k-2"]) {
      expect(text).not.toContain(secret);
    }
    const byPath = Object.fromEntries(d.changes.map((c) => [c.path, c]));
    expect(byPath.auth_token).toMatchObject({ before: { kind: "sensitive" }, after: { kind: "sensitive" } });
    // Only after_sensitive marks password: before is masked too (tofu plan does the same).
    expect(byPath.password).toMatchObject({ before: { kind: "sensitive" }, after: { kind: "sensitive" } });
    expect(byPath["nested.plain"]).toMatchObject({ before: v('"p"'), after: v('"q"') });
  });

  it("still tells an unchanged sensitive value from a changed one, without showing either", () => {
    const same = diffAttributes({
      before: { token: "s3cr3t" },
      after: { token: "s3cr3t" },
      beforeSensitive: { token: true },
      afterSensitive: { token: true },
    });
    expect(same).toEqual({ changes: [], unchanged: 1 });
  });

  it("masks a whole sensitive subtree, and values below a path the other side marks sensitive", () => {
    const d = diffAttributes({
      before: { config: { user: "u", secret: "deep-secret" } },
      after: { config: { user: "u2", secret: "deeper-secret" } },
      beforeSensitive: { config: true },
      afterSensitive: {},
    });
    expect(JSON.stringify(d)).not.toMatch(/deep(er)?-secret|"u2?"/);
    expect(d.changes.every((c) => c.before.kind !== "value" && c.after.kind !== "value")).toBe(true);
  });

  it("masks sensitive list elements by index", () => {
    const d = diffAttributes({
      before: undefined,
      after: { keys: ["public", "private-key-material"] },
      afterSensitive: { keys: [false, true] },
    });
    expect(d.changes).toEqual([
      { path: "keys[0]", before: { kind: "absent" }, after: v('"public"'), forcesReplacement: false },
      { path: "keys[1]", before: { kind: "absent" }, after: { kind: "sensitive" }, forcesReplacement: false },
    ]);
  });

  it("lists what a delete removes", () => {
    const d = diffAttributes({ before: { name: "n", count: 3, opt: null }, after: null });
    expect(d.changes.map((c) => [c.path, c.before, c.after.kind])).toEqual([
      ["count", v("3"), "absent"],
      ["name", v('"n"'), "absent"],
    ]);
  });

  it("keeps a string '[]' apart from an empty list and sorts indexes numerically", () => {
    const d = diffAttributes({
      before: { a: [], s: Array.from({ length: 11 }, (_, i) => i) },
      after: { a: "[]", s: Array.from({ length: 11 }, (_, i) => (i === 10 || i === 9 ? -i : i)) },
    });
    expect(d.changes.map((c) => c.path)).toEqual(["a", "s[9]", "s[10]"]);
  });

  it("diffs a JSON document held in a string (an IAM policy) by the paths inside it", () => {
    const doc = (actions: string[]) =>
      JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: actions }] });
    const d = diffAttributes({
      before: { policy: doc(["s3:GetObject"]), name: "p" },
      after: { policy: doc(["s3:GetObject", "s3:PutObject"]), name: "p" },
      replacePaths: [["policy"]],
    });
    expect(d.changes).toEqual([
      {
        path: "policy › Statement[0].Action[1]",
        before: { kind: "absent" },
        after: v('"s3:PutObject"'),
        forcesReplacement: true,
      },
    ]);
    expect(d.unchanged).toBe(4);
  });

  it("keeps a sensitive JSON string whole and masked, and '{}' strings as strings", () => {
    const d = diffAttributes({
      before: { secret_doc: '{"password":"pw-1"}', empty: "{}" },
      after: { secret_doc: '{"password":"pw-2"}', empty: "[]" },
      beforeSensitive: { secret_doc: true },
      afterSensitive: { secret_doc: true },
    });
    expect(JSON.stringify(d)).not.toMatch(/pw-[12]/);
    expect(d.changes.map((c) => [c.path, c.before, c.after])).toEqual([
      ["empty", v('"{}"'), v('"[]"')],
      ["secret_doc", { kind: "sensitive" }, { kind: "sensitive" }],
    ]);
  });

  it("shows each element of a list that becomes wholly unknown going to 'known after apply'", () => {
    const d = diffAttributes({
      before: { resources: [{ name: "asg-1" }], status: "ACTIVE" },
      after: { resources: null, status: null },
      afterUnknown: { resources: true, status: true },
    });
    expect(d.changes.map((c) => [c.path, c.before, c.after])).toEqual([
      ["resources[0].name", v('"asg-1"'), { kind: "unknown" }],
      ["status", v('"ACTIVE"'), { kind: "unknown" }],
    ]);
  });
});
