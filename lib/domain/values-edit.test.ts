import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { readScalarAt, setScalarAt, ValuesEditError } from "./values-edit";

const HELM = join(import.meta.dirname, "..", "..", "helm");
const valuesFiles = readdirSync(HELM, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((chart) =>
    readdirSync(join(HELM, chart.name))
      .filter((f) => /^values(-[a-z0-9-]+)?\.ya?ml$/.test(f))
      .map((f) => join("helm", chart.name, f)),
  );

/** Line numbers (0-based) where a and b differ, comparing line by line (an edit never adds lines). */
function changedLines(a: string, b: string): number[] {
  const la = a.split("\n");
  const lb = b.split("\n");
  expect(lb.length).toBe(la.length);
  return la.flatMap((line, i) => (line === lb[i] ? [] : [i]));
}

function kindOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof ValuesEditError) return `${err.kind}: ${err.message}`;
    throw err;
  }
  return "no error";
}

describe("setScalarAt over every values file in helm/", () => {
  it("finds the charts' values files (all charts, all environments)", () => {
    expect(valuesFiles.length).toBeGreaterThanOrEqual(12);
    for (const chart of ["nura-core", "nura-portal", "nura-ui"]) {
      for (const env of ["dev", "staging", "prod"]) expect(valuesFiles).toContain(`helm/${chart}/values-${env}.yaml`);
    }
  });

  for (const file of valuesFiles) {
    it(`${file}: only the image.tag line changes, byte for byte`, () => {
      const input = readFileSync(join(HELM, "..", file), "utf8");
      const doc = parseDocument(input);
      if (!doc.hasIn(["image", "tag"])) {
        expect(kindOf(() => setScalarAt(input, "image.tag", "9.9.9", file))).toMatch(/^path_not_found/);
        return;
      }
      const old = readScalarAt(input, "image.tag", file);
      for (const tag of ["9.8.7", "1.10", "2.0.0-rc.1", "sha-0123abcd", "true"]) {
        const out = setScalarAt(input, "image.tag", tag, file);
        expect(out.previous).toBe(old);
        expect(out.changed).toBe(true);
        const lines = changedLines(input, out.text);
        expect(lines).toHaveLength(1);
        const i = lines[0]!;
        const before = input.split("\n")[i]!;
        // The same line with the tag replaced in the same quoting style, nothing else.
        const quoted = (v: string) => (/^\d+(\.\d+)?$|^true$/.test(v) ? `"${v}"` : v);
        const expectedLine = before.includes(`"${old}"`)
          ? before.replace(`"${old}"`, `"${tag}"`)
          : before.replace(old, quoted(tag));
        expect(out.text.split("\n")[i]).toBe(expectedLine);
        expect(readScalarAt(out.text, "image.tag")).toBe(tag);
        // And back again gives the original file exactly.
        // (a chart's base values.yaml holds tag: "" and the edit never writes an empty tag.)
        if (old !== "") expect(setScalarAt(out.text, "image.tag", old, file).text).toBe(input);
      }
    });
  }
});

describe("setScalarAt keeps bytes that Document.toString() would rewrite", () => {
  const cases: [string, string][] = [
    ["spaces after the colon and a trailing comment", 'image:\n  tag:    "1.0.0"    # pinned\n  x:   1\n'],
    ["CRLF line ends", 'a: 1\r\nimage:\r\n  tag: "1.0.0"\r\n\r\n# end\r\n'],
    ["a document marker and a long plain string", `---\nnote: ${"word ".repeat(30).trim()}\nimage:\n  tag: 1.0.0\n`],
    ["flow mapping", "image: { repository: x, tag: '1.0.0' }\nz: [1,2]\n"],
    ["block sequences at column zero", "list:\n- a\n- b\nimage:\n  tag: '1.0.0'\n"],
    ["no newline at the end", "image:\n  tag: 1.0.0"],
  ];
  for (const [name, input] of cases) {
    it(name, () => {
      const out = setScalarAt(input, "image.tag", "2.3.4");
      const expected = input.replace("1.0.0", "2.3.4");
      expect(out.text).toBe(expected);
      // What setIn + toString() would have committed: a second line changes too.
      const doc = parseDocument(input);
      doc.setIn(["image", "tag"], "2.3.4");
      expect(doc.toString()).not.toBe(expected);
    });
  }

  it("keeps the quoting style, and quotes a plain value that would read back as a number", () => {
    expect(setScalarAt("tag: 1.0.0\n", "tag", "1.4.3").text).toBe("tag: 1.4.3\n");
    expect(setScalarAt("tag: 1.0.0\n", "tag", "1.10").text).toBe('tag: "1.10"\n');
    expect(setScalarAt("tag: '1.0.0'\n", "tag", "1.10").text).toBe("tag: '1.10'\n");
    expect(setScalarAt('tag: "1.0.0"\n', "tag", 'a"b').text).toBe('tag: "a\\"b"\n');
  });

  it("reads plain numbers as written and fixes them to strings when set", () => {
    expect(readScalarAt("tag: 1.10\n", "tag")).toBe("1.10");
    expect(setScalarAt("tag: 1.10\n", "tag", "1.10")).toEqual({
      text: 'tag: "1.10"\n',
      previous: "1.10",
      changed: true,
    });
  });

  it("is a no-op when the value is already there", () => {
    expect(setScalarAt('tag: "1.0.0"\n', "tag", "1.0.0")).toEqual({
      text: 'tag: "1.0.0"\n',
      previous: "1.0.0",
      changed: false,
    });
  });

  it("keeps an anchor (and so changes its aliases with it)", () => {
    expect(setScalarAt('image:\n  tag: &t "1.0.0"\nsidecar: *t\n', "image.tag", "2.0.0").text).toBe(
      'image:\n  tag: &t "1.0.0"\nsidecar: *t\n'.replace("1.0.0", "2.0.0"),
    );
  });

  it("writes a block scalar back double-quoted", () => {
    expect(setScalarAt("image:\n  tag: |\n    1.0.0\nz: 1\n", "image.tag", "2.0.0").text).toBe(
      'image:\n  tag: "2.0.0"\nz: 1\n',
    );
  });

  it("walks sequence indexes", () => {
    expect(setScalarAt("images:\n  - tag: a\n  - tag: b\n", "images.1.tag", "c").text).toBe(
      "images:\n  - tag: a\n  - tag: c\n",
    );
  });
});

describe("setScalarAt refuses clearly", () => {
  const file = "helm/x/values-dev.yaml";
  it.each([
    ["image:\n  repository: x\n", "image.tag", /^path_not_found: helm\/x\/values-dev.yaml has no image.tag$/],
    ["other: 1\n", "image.tag", /^path_not_found: .* has no image$/],
    ["image: nginx\n", "image.tag", /^path_not_found: .*: image is not a mapping, so it has no key "tag"$/],
    ["image:\n  tag:\n    name: x\n", "image.tag", /^not_scalar: .*: image.tag is a mapping, not a scalar$/],
    ["image:\n  tag: [1]\n", "image.tag", /^not_scalar: .*: image.tag is a sequence, not a scalar$/],
    ["base: &b '1'\nimage:\n  tag: *b\n", "image.tag", /^not_scalar: .*image.tag is an alias \(\*b\)/],
    ["image:\n  tag:\n", "image.tag", /^not_scalar: .*image.tag holds no value/],
    ["image:\n  tag: ~\n", "image.tag", /^not_scalar: .*image.tag holds no value/],
    ["image: [\n", "image.tag", /^invalid_yaml: .* is not valid YAML/],
    ["a: 1\na: 2\n", "a", /^invalid_yaml: .* is not valid YAML/],
    ["tag: x\n", "tag..x", /^invalid_value: "tag..x" is not a dotted YAML path/],
  ])("%j at %s", (text, path, expected) => {
    expect(kindOf(() => setScalarAt(text, path, "1.2.3", file))).toMatch(expected);
  });

  it.each(["", "1.2\n3", "a\tb"])("the value %j", (value) => {
    expect(kindOf(() => setScalarAt("tag: x\n", "tag", value))).toMatch(/^invalid_value/);
  });
});
